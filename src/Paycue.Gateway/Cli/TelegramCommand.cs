using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Paycue.Grains.Configuration;
using Paycue.Grains.Telegram;
using Paycue.Telegram;

namespace Paycue.Gateway.Cli;

/// <summary>
/// <c>paycue --telegram</c>: logs in the <c>.env</c> account (<c>TG_PHONE</c>) interactively, asking for whatever
/// Telegram wants next: the login code, a login e-mail and the code mailed to it, the two-step password. Run again,
/// it starts over from the phone number whatever state the login was left in. Against a running Paycue (<c>PAYCUE_URL</c>, default
/// <c>http://127.0.0.1:PORT</c>) it goes through the HTTP API, so the card's grain owns the session; with nothing
/// answering it logs in here, into <c>SESSION_DIR/&lt;card-id&gt;</c>, which the card adopts on its first start.
/// </summary>
public static class TelegramCommand
{
    private const int Attempts = 3;

    public static Task<int> RunAsync(TextReader stdin, TextWriter stdout, TextWriter stderr, bool interactive) =>
        RunAsync(stdin, stdout, stderr, interactive, Environment.GetEnvironmentVariable, Directory.GetCurrentDirectory(), apiHandler: null);

    /// <summary>
    /// Tests: the environment, the folder whose <c>.env</c> is read, the HTTP handler that reaches the service, and
    /// where a login run here gets its TDLib client (default: this process's own receive loop on libtdjson).
    /// </summary>
    public static async Task<int> RunAsync(TextReader stdin, TextWriter stdout, TextWriter stderr, bool interactive,
        Func<string, string?> environment, string workingDirectory, HttpMessageHandler? apiHandler, ITelegramSessionFactory? localTdlib = null)
    {
        PaycueOptions options;
        try
        {
            var dotEnv = DotEnv.Read(Path.Combine(workingDirectory, ".env"));
            options = PaycueOptions.Load(key => environment(key) ?? dotEnv.GetValueOrDefault(key));
            var url = environment("PAYCUE_URL") ?? dotEnv.GetValueOrDefault("PAYCUE_URL") ?? $"http://127.0.0.1:{options.Port}";
            if (options.TelegramCardSpec() is not { } card)
            {
                stderr.WriteLine("paycue --telegram: TG_PHONE is not set; put the account's phone number (+998...) into .env.");
                return 2;
            }

            ILoginSteps? http = await HttpLoginSteps.ConnectAsync(url, options, card, apiHandler);
            await using var lease = http is null ? await LocalLease.AcquireAsync(options, card.CardId) : null;
            if (http is null && lease is { Refused: { } refusal })
            {
                // Never a second TDLib client beside the one that runs this account: Telegram may revoke the key.
                stderr.WriteLine($"paycue --telegram: {refusal.Sentence}");
                return refusal.ExitCode;
            }

            if (!interactive)
            {
                if (http is not null)
                {
                    await http.DisposeAsync();
                }

                stderr.WriteLine("paycue --telegram: no terminal to type the login code into; run it in a terminal, or use POST /api/cards and /api/cards/{id}/login.");
                return 3;
            }

            await using ILoginSteps steps = http ?? new LocalLoginSteps(options, card.CardId, lease?.Keeper,
                localTdlib ?? new OwnReceiveLoop());
            stdout.WriteLine($"Logging in card {card.CardId} {steps.Where}.");
            return await DriveAsync(steps, options.TelegramPhone!, stdin, stdout, stderr);
        }
        catch (PaycueConfigException e)
        {
            stderr.WriteLine($"paycue --telegram: configuration error: {e.Message}");
            return 2;
        }
    }

    /// <summary>Phone, then as many code and password prompts as Telegram asks for; a refusal is shown and asked again.</summary>
    private static async Task<int> DriveAsync(ILoginSteps steps, string phone, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        var current = CardStatus.LoginRequired;
        var refusals = 0;
        var result = await steps.StartAsync(phone);
        while (true)
        {
            current = result.Status.Length > 0 ? result.Status : current;
            if (result.Error is not null)
            {
                if (result.Fatal || ++refusals > Attempts || current == CardStatus.LoginRequired)
                {
                    stderr.WriteLine($"paycue --telegram: {result.Error}");
                    return 1;
                }

                stderr.WriteLine(result.Error);
            }

            if (current == CardStatus.Ready)
            {
                stdout.WriteLine("Telegram is connected: the card is ready.");
                return 0;
            }

            try
            {
                result = current switch
                {
                    CardStatus.CodeRequired => await steps.CodeAsync(Prompt(stdout, stderr, stdin, "Login code (sent to your Telegram app): ")),
                    CardStatus.PasswordRequired => await steps.PasswordAsync(Prompt(stdout, stderr, stdin, "Two-step verification password: ", secret: true)),
                    CardStatus.EmailRequired => await steps.EmailAsync(Prompt(stdout, stderr, stdin, "Telegram asks for a login e-mail address (it mails login codes there): ")),
                    CardStatus.EmailCodeRequired => await steps.EmailCodeAsync(Prompt(stdout, stderr, stdin, "Login code (sent to the account's login e-mail): ")),
                    _ => ("", $"Telegram login stopped at '{current}'.", true),
                };
            }
            catch (EndOfStreamException)
            {
                stderr.WriteLine("paycue --telegram: the terminal input ended before the login was complete.");
                return 3;
            }
        }
    }

    /// <summary>
    /// Asks until something is typed: an empty answer is never sent (TDLib would refuse it, and a login run here
    /// would stop on it), and a password may be spaces but not empty.
    /// </summary>
    private static string Prompt(TextWriter stdout, TextWriter stderr, TextReader stdin, string question, bool secret = false)
    {
        while (true)
        {
            stdout.Write(question);
            // Hidden typing only at the real terminal: any other reader (a pipe, a test's typed lines) is read as it is.
            var answer = !secret || !ReferenceEquals(stdin, Console.In) || Console.IsInputRedirected
                ? stdin.ReadLine() ?? throw new EndOfStreamException("paycue --telegram: the terminal input ended.")
                : TerminalInput.ReadHidden(stdout);
            if (secret ? answer.Length > 0 : !string.IsNullOrWhiteSpace(answer))
            {
                return answer;
            }

            stderr.WriteLine("Nothing was typed; type the answer and press Enter (Ctrl+C stops the login).");
        }
    }

    /// <summary>One login, through whichever path is available; results are (status, error sentence, give up).</summary>
    private interface ILoginSteps : IAsyncDisposable
    {
        string Where { get; }

        Task<(string Status, string? Error, bool Fatal)> StartAsync(string phone);

        Task<(string Status, string? Error, bool Fatal)> CodeAsync(string code);

        Task<(string Status, string? Error, bool Fatal)> PasswordAsync(string password);

        Task<(string Status, string? Error, bool Fatal)> EmailAsync(string email);

        Task<(string Status, string? Error, bool Fatal)> EmailCodeAsync(string code);
    }

    /// <summary>Through a running Paycue's HTTP API.</summary>
    private sealed class HttpLoginSteps(HttpClient http, PaycueOptions options, CardSpec card) : ILoginSteps
    {
        public string Where => $"through {http.BaseAddress}";

        public static async Task<HttpLoginSteps?> ConnectAsync(string url, PaycueOptions options, CardSpec card, HttpMessageHandler? handler)
        {
            var http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
            http.BaseAddress = new Uri(url);
            http.Timeout = TimeSpan.FromSeconds(70);
            try
            {
                using var probe = new CancellationTokenSource(TimeSpan.FromSeconds(3));
                using var health = await http.GetAsync("/health/", probe.Token);
                if (options.ApiUsername is not null)
                {
                    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
                        "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.ApiUsername}:{options.ApiPassword}")));
                }

                return new HttpLoginSteps(http, options, card);
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
            {
                http.Dispose();
                return null; // Nothing answers: log in here instead.
            }
        }

        public Task<(string, string?, bool)> StartAsync(string phone) =>
            PostAsync("/api/cards", new { phone, number = options.CardNumber, last4 = options.CardLast4, owner = options.CardOwner });

        public Task<(string, string?, bool)> CodeAsync(string code) => PostAsync($"/api/cards/{card.CardId}/login", new { code });

        public Task<(string, string?, bool)> PasswordAsync(string password) => PostAsync($"/api/cards/{card.CardId}/login", new { password });

        public Task<(string, string?, bool)> EmailAsync(string email) => PostAsync($"/api/cards/{card.CardId}/login", new { email });

        public Task<(string, string?, bool)> EmailCodeAsync(string code) => PostAsync($"/api/cards/{card.CardId}/login", new Dictionary<string, string> { ["email_code"] = code });

        public ValueTask DisposeAsync()
        {
            http.Dispose();
            return ValueTask.CompletedTask;
        }

        private async Task<(string, string?, bool)> PostAsync(string path, object body)
        {
            using var response = await http.PostAsJsonAsync(path, body);
            var data = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("data");
            return response.IsSuccessStatusCode
                ? (data.GetProperty("login").GetString()!, null, false)
                : ("", data.GetProperty("detail").GetString(), (int)response.StatusCode is not 400);
        }
    }

    /// <summary>In this process, into the directory the card's grain adopts when it has no snapshot yet.</summary>
    private sealed class LocalLoginSteps : ILoginSteps
    {
        private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(10);

        private readonly ITelegramSessionFactory _tdlib;
        private readonly ITdClient _client;
        private readonly TelegramLogin _login;
        private readonly string _directory;

        private readonly PaycueOptions _options;
        private readonly SessionLeaseKeeper? _keeper;
        private int _closed;
        private bool _flushed;

        public LocalLoginSteps(PaycueOptions options, string cardId, SessionLeaseKeeper? keeper, ITelegramSessionFactory tdlib)
        {
            if (CardSession.MissingSetting(options) is { } missing)
            {
                throw new PaycueConfigException(missing);
            }

            _options = options;
            _keeper = keeper;
            _tdlib = tdlib;

            _directory = Path.GetFullPath(Path.Combine(options.SessionDirectory, cardId));
            Directory.CreateDirectory(_directory);
            _client = tdlib.CreateClient(cardId);
            _login = new TelegramLogin(_client, new TdlibSettings
            {
                ApiId = options.AppId!.Value,
                ApiHash = options.AppHash!,
                DatabaseDirectory = _directory,
                DatabaseEncryptionKey = TdlibKeys.DatabaseEncryptionKey(options.SessionKey!),
            });

            // A lease not renewed in time may be another process's any moment: TDLib stops here at once.
            keeper?.Lost.Register(() => _ = CloseAsync());
        }

        public string Where => $"here (no Paycue answered), into {_directory}";

        public async Task<(string, string?, bool)> StartAsync(string phone) => await StepAsync(async () =>
        {
            var started = await _login.StartAsync();
            return started.Status is TelegramLoginStatus.LoginRequired ? await _login.SubmitPhoneAsync(phone) : started;
        });

        public Task<(string, string?, bool)> CodeAsync(string code) => StepAsync(() => _login.SubmitCodeAsync(code));

        public Task<(string, string?, bool)> PasswordAsync(string password) => StepAsync(() => _login.SubmitPasswordAsync(password));

        public Task<(string, string?, bool)> EmailAsync(string email) => StepAsync(() => _login.SubmitEmailAsync(email));

        public Task<(string, string?, bool)> EmailCodeAsync(string code) => StepAsync(() => _login.SubmitEmailCodeAsync(code));

        public async ValueTask DisposeAsync()
        {
            var ready = _login.State.Status == TelegramLoginStatus.Ready;
            await CloseAsync();
            if (ready && _flushed && _keeper is { Lost.IsCancellationRequested: false } keeper)
            {
                // Closed, so TDLib has flushed: the card's session on any silo restores this login.
                var snapshot = SessionSnapshot.Pack(_directory, _options.SessionKey!);
                await keeper.Leases.SaveSnapshotAsync(keeper.Lease, snapshot);
            }
        }

        private async Task CloseAsync()
        {
            if (Interlocked.Exchange(ref _closed, 1) == 0)
            {
                _login.Dispose();
                try
                {
                    await _tdlib.CloseAsync(_client, CloseTimeout);
                    _flushed = true;
                }
                catch (Exception e) when (e is TimeoutException or InvalidOperationException or OperationCanceledException)
                {
                    // Not closed cleanly: what TDLib wrote may be half a moment, so it is not saved as the card's session.
                }
            }
        }

        private async Task<(string, string?, bool)> StepAsync(Func<Task<TelegramLoginState>> step)
        {
            if (_keeper?.Lost.IsCancellationRequested == true)
            {
                return ("", CardSession.LeaseLostReason, true);
            }

            try
            {
                var state = await step();
                return (CardSession.ToCardStatus(state.Status), state.Status == TelegramLoginStatus.Error ? state.Reason : null, false);
            }
            catch (TelegramLoginException e)
            {
                return ("", e.Reason, e is TelegramUnreachableException);
            }
            catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException && Volatile.Read(ref _closed) == 1)
            {
                return ("", CardSession.LeaseLostReason, true);
            }
        }
    }

    /// <summary>
    /// TDLib for a login run here: a receive loop of this process's own, with the one client the login uses. Closing
    /// that client stops the loop too (its clients closed first, so TDLib has flushed the database).
    /// </summary>
    private sealed class OwnReceiveLoop : ITelegramSessionFactory
    {
        private TdReceiveLoop? _loop;

        public ITdClient CreateClient(string cardId) => (_loop ??= new TdReceiveLoop()).CreateClient();

        public async Task CloseAsync(ITdClient client, TimeSpan timeout)
        {
            if (_loop is { } loop)
            {
                await loop.DisposeAsync();
            }
        }
    }
}
