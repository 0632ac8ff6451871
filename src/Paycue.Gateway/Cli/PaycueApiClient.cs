using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Paycue.Gateway.Cli;

/// <summary>
/// The command line's way into a running service: its HTTP API with Basic credentials. Any way of getting no
/// answer becomes <see cref="ServiceUnreachableException"/> with a sentence naming the URL; any answer becomes an
/// <see cref="ApiResponse"/>.
/// </summary>
public sealed class PaycueApiClient : IDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly HttpClient http;
    private readonly ApiConnection connection;
    private readonly TimeSpan timeout;

    /// <param name="timeout">How long one request may take; default <see cref="Timeout"/>. Login steps wait longer.</param>
    /// <param name="handler">Where requests go instead of the network (tests pass an in-memory server's handler).</param>
    public PaycueApiClient(ApiConnection connection, TimeSpan? timeout = null, HttpMessageHandler? handler = null)
    {
        this.connection = connection;
        this.timeout = timeout ?? Timeout;
        http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        http.BaseAddress = new Uri(connection.BaseUrl.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/");
        http.Timeout = this.timeout;
        if (connection.User is not null || connection.Password is not null)
        {
            var pair = Encoding.UTF8.GetBytes($"{connection.User}:{connection.Password}");
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(pair));
        }

        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("paycue-cli", CommandLine.Version.Split('+')[0]));
    }

    public Task<ApiResponse> GetAsync(string path) => SendAsync(new HttpRequestMessage(HttpMethod.Get, path));

    public Task<ApiResponse> DeleteAsync(string path) => SendAsync(new HttpRequestMessage(HttpMethod.Delete, path));

    public Task<ApiResponse> PostAsync(string path, string json, IReadOnlyDictionary<string, string>? headers = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.Add(name, value);
        }

        return SendAsync(request);
    }

    /// <summary>
    /// A CSV export copied to <paramref name="output"/> as it arrives (an export can be long; nothing is held whole).
    /// Null when it was copied; else the API's error answer.
    /// </summary>
    public async Task<ApiResponse?> CopyCsvAsync(string path, TextWriter output)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            if (!response.IsSuccessStatusCode || response.Content.Headers.ContentType?.MediaType != "text/csv")
            {
                return Read((int)response.StatusCode, await response.Content.ReadAsStringAsync());
            }

            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(), Encoding.UTF8);
            var buffer = new char[16 * 1024];
            int read;
            while ((read = await reader.ReadAsync(buffer)) > 0)
            {
                await output.WriteAsync(buffer.AsMemory(0, read));
            }

            await output.FlushAsync();
            return null;
        }
        catch (TaskCanceledException e)
        {
            throw new ServiceUnreachableException($"Paycue at {connection.DisplayUrl} did not answer within {timeout.TotalSeconds:0} s; is it overloaded or stuck?", e);
        }
        catch (HttpRequestException e)
        {
            throw new ServiceUnreachableException($"Cannot reach Paycue at {connection.DisplayUrl} ({Reason(e)}); is it running? Set PAYCUE_URL or pass --url.", e);
        }
    }

    private async Task<ApiResponse> SendAsync(HttpRequestMessage request)
    {
        using (request)
        {
            string body;
            int status;
            try
            {
                using var response = await http.SendAsync(request);
                status = (int)response.StatusCode;
                body = await response.Content.ReadAsStringAsync();
            }
            catch (TaskCanceledException e)
            {
                throw new ServiceUnreachableException($"Paycue at {connection.DisplayUrl} did not answer within {timeout.TotalSeconds:0} s; is it overloaded or stuck?", e);
            }
            catch (HttpRequestException e)
            {
                throw new ServiceUnreachableException($"Cannot reach Paycue at {connection.DisplayUrl} ({Reason(e)}); is it running? Set PAYCUE_URL or pass --url.", e);
            }

            return Read(status, body);
        }
    }

    /// <summary>Reads the envelope; an answer without one (a proxy's error page, another program on the port) keeps its status and says so.</summary>
    private ApiResponse Read(int status, string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("status", out var ok) && root.TryGetProperty("data", out var data))
            {
                var detail = ok.ValueKind == JsonValueKind.False && data.ValueKind == JsonValueKind.Object && data.TryGetProperty("detail", out var d) ? d.GetString() : null;
                return new ApiResponse(status, data.Clone(), detail);
            }
        }
        catch (JsonException)
        {
            // Falls through to the sentence below.
        }

        var what = status is >= 200 and < 300 ? "an answer that is not Paycue's" : $"HTTP {status} without Paycue's error body";
        return new ApiResponse(status is >= 200 and < 300 ? 502 : status, default, $"{connection.DisplayUrl} gave {what}; is PAYCUE_URL pointing at Paycue?");
    }

    private static string Reason(HttpRequestException e) => e.InnerException switch
    {
        SocketException { SocketErrorCode: SocketError.ConnectionRefused } => "connection refused",
        SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain } => "unknown host",
        SocketException socket => socket.SocketErrorCode.ToString(),
        { } inner => inner.Message,
        _ => e.Message,
    };

    public void Dispose() => http.Dispose();
}
