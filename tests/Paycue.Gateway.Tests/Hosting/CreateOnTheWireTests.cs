using System.Net;
using System.Text.Json;

namespace Paycue.Gateway.Tests.Hosting;

/// <summary>
/// The create answer on real Kestrel: one piece with a Content-Length. Streamed, it went out chunked, and its closing
/// chunk was a second send on every create (TestServer, which the other HTTP tests use, never chunks, so it takes a
/// real port to see).
/// </summary>
public sealed class CreateOnTheWireTests
{
    [Fact]
    public async Task BothCreateCallsAnswerWithALengthAndNoChunks()
    {
        await using var paycue = await PaycueProcess.StartAsync(new Dictionary<string, string> { ["SANDBOX_CARDS"] = "1" });

        foreach (var (path, status) in new[] { ("/api/transactions", HttpStatusCode.Created), ("/create/transaction/", HttpStatusCode.OK) })
        {
            using var response = await paycue.Http.PostAsync(path, new StringContent("{\"amount\": 20000}", System.Text.Encoding.UTF8, "application/json"));
            var body = await response.Content.ReadAsByteArrayAsync();
            Assert.Equal(status, response.StatusCode);
            Assert.NotEqual(true, response.Headers.TransferEncodingChunked);
            Assert.Equal(body.Length, response.Content.Headers.ContentLength);
            var data = JsonDocument.Parse(body).RootElement.GetProperty("data");
            Assert.True(Guid.TryParse(data.GetProperty("transaction_id").GetString(), out _));
        }

        // Other answers still stream, as before: only the create was changed.
        using var list = await paycue.Http.GetAsync("/api/transactions?state=active");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.True(list.Headers.TransferEncodingChunked);
    }
}
