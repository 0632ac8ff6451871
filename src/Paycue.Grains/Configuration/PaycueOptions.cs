using System.Globalization;

namespace Paycue.Grains.Configuration;

/// <summary>
/// Every setting of a Paycue process, read from <c>.env</c> and the environment (which wins) and validated once at
/// start-up. Keys keep the names and meanings of the original docs; new keys only add.
/// </summary>
public sealed record PaycueOptions
{
    /// <summary>The sender id the sandbox feed signs its messages with; sandbox cards trust only it.</summary>
    public const long SandboxSenderId = 777000777;

    public const long HumoCardBotId = 856254490;

    // Telegram (original keys).
    public int? AppId { get; init; }
    public string? AppHash { get; init; }
    public string? TelegramPhone { get; init; }
    public string SessionDirectory { get; init; } = "sessions";
    public long WatchId { get; init; } = HumoCardBotId;
    public long? UzcardWatchId { get; init; }
    public string? SessionKey { get; init; }

    /// <summary>
    /// <c>SESSION_LEASE_TTL</c>: how long an account's session lease lasts unless renewed (every third of it). A
    /// process that dies holding it keeps others from starting that account's TDLib client for at most this long.
    /// </summary>
    public TimeSpan SessionLeaseTtl { get; init; } = TimeSpan.FromSeconds(30);

    public string? CardLast4 { get; init; }
    public string? CardNumber { get; init; }
    public string? CardOwner { get; init; }

    /// <summary>
    /// <c>CARDS</c>: the .env account's cards, <c>bank:last4:number:owner</c> separated by commas (number and owner
    /// optional), e.g. <c>humo:7159:9860…:Owner Name,uzcard:8346::Owner Name</c>; the first is the account's first
    /// card. Null when not set (then <c>CARD_LAST4</c>/<c>CARD_NUMBER</c>/<c>CARD_OWNER</c> name the one Humo card).
    /// </summary>
    public IReadOnlyList<EnvCard>? Cards { get; init; }

    // Cluster and storage.
    public string? RedisAddress { get; init; }
    public bool ClientOnly { get; init; }
    public string ClusterId { get; init; } = "paycue";
    public string ServiceId { get; init; } = "paycue";
    public int SiloPort { get; init; } = 11111;
    public int GatewayPort { get; init; } = 30000;
    public string? AdvertisedIp { get; init; }

    // HTTP.
    public int Port { get; init; } = 10800;
    public string? ApiUsername { get; init; }
    public string? ApiPassword { get; init; }
    public string? PublicUrl { get; init; }
    public bool Debug { get; init; }

    /// <summary>json (one event per line, the default) or text (readable, the default with DEBUG=true).</summary>
    public bool JsonLogs { get; init; } = true;

    /// <summary>The Orleans Dashboard at /dashboard/ (on by default, behind Basic auth).</summary>
    public bool Dashboard { get; init; } = true;

    public string? DashboardUsername { get; init; }

    public string? DashboardPassword { get; init; }

    /// <summary>paycue-silo: a port to serve Prometheus /metrics on (it has no HTTP API otherwise).</summary>
    public int? MetricsPort { get; init; }

    /// <summary>Whether /metrics answers other addresses than loopback.</summary>
    public bool MetricsOpen { get; init; }

    /// <summary>Requests per minute one client address may make to the public pay page and its status endpoint.</summary>
    public int PayRateLimit { get; init; } = 120;

    // Amounts.
    public AmountPrecision Precision { get; init; } = AmountPrecision.Som;
    public AmountDirection Direction { get; init; } = AmountDirection.Up;

    /// <summary>How far (in so'm) a handed-out amount may be from the requested one.</summary>
    public long LimitSom { get; init; } = 100;
    public TimeSpan TransactionTimeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>TZ: the zone of times in exports (CSV); default Asia/Tashkent.</summary>
    public ReportTimeZone TimeZone { get; init; } = ReportTimeZone.Tashkent;
    public TimeSpan AmountCooldown { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long after its deadline a transaction stays open for a credit dated at or before the deadline that is
    /// read late (the bank bot posted it late, or Paycue read it late). Cancelled at <c>expires_at + grace</c>.
    /// </summary>
    public TimeSpan ExpiryGrace { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How long a Telegram card whose feed is not live (not ready, connection down, catch-up pending or failed) holds
    /// its overdue transactions open before it cancels them with <c>feed_down</c>.
    /// </summary>
    public TimeSpan ExpiryHoldMax { get; init; } = TimeSpan.FromHours(2);

    // Webhooks.
    public Uri? WebhookUrl { get; init; }
    public int WebhookRetries { get; init; } = 3;
    public TimeSpan WebhookBackoff { get; init; } = TimeSpan.FromSeconds(5);
    public TimeSpan WebhookTimeout { get; init; } = TimeSpan.FromSeconds(10);
    public int Workers { get; init; } = 10;

    /// <summary>The Standard Webhooks secret (<c>whsec_...</c>); null: generated once and kept in the cluster's storage.</summary>
    public string? WebhookSecret { get; init; }

    /// <summary>Also send <c>unmatched</c> webhooks for credits that paid no transaction.</summary>
    public bool WebhookUnmatched { get; init; }

    /// <summary>How long payment and delivery records, and closed transactions, are kept.</summary>
    public TimeSpan Retention { get; init; } = TimeSpan.FromDays(90);

    /// <summary>
    /// How often a transaction's durable reminder re-fires while it has work: after a crash, the longest a pending
    /// webhook retry waits before another silo picks it up.
    /// </summary>
    public TimeSpan ReminderPeriod { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Alerts to the merchant through a Telegram bot and webhooks (ALERT_*, see <see cref="Alerts.AlertOptions"/>).</summary>
    public Alerts.AlertOptions Alerts { get; init; } = new();

    // Sandbox.
    public bool Sandbox { get; init; }
    public int SandboxCards { get; init; } = 1;

    /// <summary>Tiyin between two candidate amounts.</summary>
    public long StepTiyin => Precision == AmountPrecision.Som ? 100 : 1;

    /// <summary>The farthest offset, in steps, that LIMIT allows.</summary>
    public long MaxOffsetSteps => LimitSom * 100 / StepTiyin;

    public bool UsesRedis => !string.IsNullOrWhiteSpace(RedisAddress);

    /// <summary>
    /// The sandbox cards this configuration declares: sandbox-1, sandbox-2, ..., Humo and Uzcard in turn (sandbox-1
    /// humo 0001, sandbox-2 uzcard 0002), so both banks' messages go through the parser end to end.
    /// </summary>
    public IEnumerable<CardSpec> SandboxCardSpecs() => Sandbox
        ? Enumerable.Range(1, SandboxCards).Select(i => i % 2 == 1
            ? new CardSpec($"sandbox-{i}", CardKind.Sandbox, i.ToString("0000", CultureInfo.InvariantCulture), $"986000000000{i:0000}", "Sandbox", SandboxSenderId, CardBanks.Humo)
            : new CardSpec($"sandbox-{i}", CardKind.Sandbox, i.ToString("0000", CultureInfo.InvariantCulture), $"860000000000{i:0000}", "Sandbox", SandboxSenderId, CardBanks.Uzcard))
        : [];

    /// <summary>
    /// The card of the .env account (<c>TG_PHONE</c>), or null when none is set. Its last4 is <c>CARD_LAST4</c>, or
    /// else the end of <c>CARD_NUMBER</c>: a Telegram card always has one, or the bank bot's card check would be off.
    /// </summary>
    public CardSpec? TelegramCardSpec() => TelegramCardSpecs().FirstOrDefault();

    /// <summary>
    /// Every card of the .env account: <c>CARDS</c>, or the single card of <c>CARD_LAST4</c>/<c>CARD_NUMBER</c>. The
    /// first has the account's id; each further one is added to the account at start-up (its id is the account's).
    /// </summary>
    public IReadOnlyList<CardSpec> TelegramCardSpecs()
    {
        if (TelegramPhone is null)
        {
            return [];
        }

        var account = Telegram.TelegramCardIds.FromPhone(TelegramPhone);
        if (Cards is not { Count: > 0 } cards)
        {
            return [new CardSpec(account, CardKind.Telegram, CardLast4 ?? CardNumber?[^4..], CardNumber, CardOwner, WatchId)];
        }

        return cards.Select((c, i) => i == 0
            ? new CardSpec(account, CardKind.Telegram, c.Last4, c.Number, c.Owner, c.Bank == CardBanks.Uzcard ? UzcardWatchId ?? 0 : WatchId, c.Bank)
            : new CardSpec(AccountCardIds.Hosted(account, c.Bank, c.Last4), CardKind.Telegram, c.Last4, c.Number, c.Owner, 0, c.Bank, account)).ToList();
    }

    /// <summary>Reads and validates every key; throws <see cref="PaycueConfigException"/> naming the first bad one.</summary>
    public static PaycueOptions Load(Func<string, string?> get)
    {
        string? Text(string key)
        {
            var value = get(key);
            return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        }

        long Number(string key, long fallback, long min, long max)
        {
            var text = Text(key);
            if (text is null)
            {
                return fallback;
            }

            if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            {
                throw new PaycueConfigException($"{key}: '{text}' is not a whole number from {min} to {max}.");
            }

            return value;
        }

        TimeSpan Duration(string key, TimeSpan fallback, TimeSpan min)
        {
            var text = Text(key);
            if (text is null)
            {
                return fallback;
            }

            if (Durations.TryParse(text, out var value, out var tooLong) && tooLong)
            {
                throw new PaycueConfigException($"{key}: '{text}' is longer than the longest duration Paycue takes, {Durations.Format(Durations.Maximum)} (ten years); write a shorter one.");
            }

            if (!Durations.TryParse(text, out value) || value < min)
            {
                throw new PaycueConfigException($"{key}: '{text}' is not a duration of at least {Durations.Format(min)}; write it like 30m, 45s, 1h, or plain minutes such as 30.");
            }

            return value;
        }

        bool Flag(string key, bool fallback)
        {
            var text = Text(key);
            return text?.ToLowerInvariant() switch
            {
                null => fallback,
                "true" or "1" or "yes" or "on" => true,
                "false" or "0" or "no" or "off" => false,
                _ => throw new PaycueConfigException($"{key}: '{text}' is not true or false."),
            };
        }

        T Choice<T>(string key, T fallback, params (string Name, T Value)[] choices)
        {
            var text = Text(key);
            if (text is null)
            {
                return fallback;
            }

            foreach (var (name, value) in choices)
            {
                if (string.Equals(text, name, StringComparison.OrdinalIgnoreCase))
                {
                    return value;
                }
            }

            throw new PaycueConfigException($"{key}: '{text}' is unknown; use one of {string.Join(", ", choices.Select(c => c.Name))}.");
        }

        string? Digits(string key, int minLength, int maxLength)
        {
            var text = Text(key)?.Replace(" ", "", StringComparison.Ordinal);
            if (text is not null && (text.Length < minLength || text.Length > maxLength || !text.All(char.IsAsciiDigit)))
            {
                throw new PaycueConfigException(minLength == maxLength
                    ? $"{key}: expected exactly {minLength} digits."
                    : $"{key}: expected {minLength} to {maxLength} digits.");
            }

            return text;
        }

        Uri? Url(string key)
        {
            var text = Text(key);
            if (text is null)
            {
                return null;
            }

            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                throw new PaycueConfigException($"{key}: '{text}' is not an absolute http:// or https:// URL.");
            }

            return uri;
        }

        string? Secret(string key)
        {
            var text = Text(key);
            if (text is not null && !Webhooks.WebhookSigner.TryParseSecret(text, out _))
            {
                throw new PaycueConfigException($"{key}: expected whsec_ followed by base64 of at least 16 bytes; remove it to have one generated.");
            }

            return text;
        }

        var appId = Text("APP_ID") is null ? (int?)null : (int)Number("APP_ID", 0, 1, int.MaxValue);
        var username = Text("API_USERNAME");
        var password = Text("API_PASSWORD");
        if ((username is null) != (password is null))
        {
            throw new PaycueConfigException("API_USERNAME and API_PASSWORD: set both, or neither to have a strong pair generated at start-up.");
        }

        var publicUrl = Url("PUBLIC_URL");
        var options = new PaycueOptions
        {
            AppId = appId,
            AppHash = Text("APP_HASH"),
            TelegramPhone = Text("TG_PHONE"),
            SessionDirectory = Text("SESSION_DIR") ?? "sessions",
            WatchId = Number("WATCH_ID", HumoCardBotId, 1, long.MaxValue),
            UzcardWatchId = Text("UZCARD_WATCH_ID") is null ? null : Number("UZCARD_WATCH_ID", 0, 1, long.MaxValue),
            SessionKey = Text("SESSION_KEY"),
            SessionLeaseTtl = Duration("SESSION_LEASE_TTL", TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1)),
            CardLast4 = Digits("CARD_LAST4", 4, 4),
            CardNumber = Digits("CARD_NUMBER", 16, 19),
            CardOwner = Text("CARD_OWNER"),
            Cards = Text("CARDS") is { } cardsText ? EnvCard.ParseList(cardsText) : null,
            RedisAddress = Text("REDIS_ADDR"),
            ClientOnly = Choice("ORLEANS_ROLE", false, ("silo", false), ("all", false), ("client", true)),
            ClusterId = Text("CLUSTER_ID") ?? "paycue",
            ServiceId = Text("SERVICE_ID") ?? "paycue",
            SiloPort = (int)Number("SILO_PORT", 11111, 1, 65535),
            GatewayPort = (int)Number("GATEWAY_PORT", 30000, 1, 65535),
            AdvertisedIp = Text("ADVERTISED_IP"),
            Port = (int)Number("PORT", 10800, 0, 65535),
            ApiUsername = username,
            ApiPassword = password,
            PublicUrl = publicUrl?.ToString().TrimEnd('/'),
            Debug = Flag("DEBUG", false),
            JsonLogs = Choice("LOG_FORMAT", !Flag("DEBUG", false), ("json", true), ("text", false)),
            Dashboard = Flag("DASHBOARD", true),
            DashboardUsername = Text("DASHBOARD_USERNAME"),
            DashboardPassword = Text("DASHBOARD_PASSWORD"),
            MetricsPort = Text("METRICS_PORT") is null ? null : (int)Number("METRICS_PORT", 0, 1, 65535),
            MetricsOpen = Choice("METRICS_BIND", false, ("loopback", false), ("any", true)),
            PayRateLimit = (int)Number("PAY_RATE_LIMIT", 120, 1, 1_000_000),
            Precision = Choice("AMOUNT_PRECISION", AmountPrecision.Som, ("som", AmountPrecision.Som), ("tiyin", AmountPrecision.Tiyin)),
            Direction = Choice("AMOUNT_DIRECTION", AmountDirection.Up, ("up", AmountDirection.Up), ("down", AmountDirection.Down)),
            LimitSom = Number("LIMIT", 100, 0, 1_000_000),
            TransactionTimeout = Duration("TRANSACTION_TIMEOUT", TimeSpan.FromMinutes(30), TimeSpan.FromSeconds(1)),
            AmountCooldown = Duration("AMOUNT_COOLDOWN", TimeSpan.FromMinutes(10), TimeSpan.Zero),
            ExpiryGrace = Duration("EXPIRY_GRACE", TimeSpan.FromMinutes(2), TimeSpan.Zero),
            ExpiryHoldMax = Duration("EXPIRY_HOLD_MAX", TimeSpan.FromHours(2), TimeSpan.Zero),
            WebhookUrl = Url("WEBHOOK_URL"),
            WebhookRetries = (int)Number("WEBHOOK_RETRIES", 3, 0, 20),
            WebhookBackoff = Duration("WEBHOOK_BACKOFF", TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(10)),
            WebhookTimeout = Duration("WEBHOOK_TIMEOUT", TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(100)),
            Workers = (int)Number("WORKERS", 10, 1, 1000),
            WebhookSecret = Secret("WEBHOOK_SECRET"),
            WebhookUnmatched = Flag("WEBHOOK_UNMATCHED", false),
            Retention = Duration("RETENTION", TimeSpan.FromDays(90), TimeSpan.FromMinutes(1)),
            ReminderPeriod = Duration("REMINDER_PERIOD", TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(2)),
            Sandbox = Flag("SANDBOX", false),
            SandboxCards = (int)Number("SANDBOX_CARDS", 1, 1, 100),
            Alerts = Paycue.Grains.Alerts.AlertOptions.Load(get, Text("WEBHOOK_URL") is not null),
            TimeZone = ReportTimeZone.Resolve(Text("TZ") ?? ReportTimeZone.Default),
        };

        if (options.AmountCooldown < options.ExpiryGrace)
        {
            // A late credit dated before the deadline must still find its transaction's amount held, never a newer one.
            throw new PaycueConfigException($"AMOUNT_COOLDOWN: {Durations.Format(options.AmountCooldown)} is shorter than EXPIRY_GRACE ({Durations.Format(options.ExpiryGrace)}); set it to at least that.");
        }

        if (options.Cards is not null && options.TelegramPhone is null)
        {
            throw new PaycueConfigException("CARDS: set, but TG_PHONE is not; CARDS lists the cards whose bank bots write into TG_PHONE's Telegram account.");
        }

        if (options.Cards is not null && (options.CardLast4 is not null || options.CardNumber is not null))
        {
            throw new PaycueConfigException("CARDS: set together with CARD_LAST4/CARD_NUMBER; list every card in CARDS (bank:last4:number:owner) and remove CARD_LAST4, CARD_NUMBER and CARD_OWNER.");
        }

        if (options.TelegramPhone is not null && options.Cards is null && options.CardLast4 is null && options.CardNumber is null)
        {
            throw new PaycueConfigException("CARD_LAST4: TG_PHONE is set but neither CARD_LAST4 nor CARD_NUMBER is; set the card's last four digits "
                + "(or its full CARD_NUMBER), so that only the bank bot's messages about this card count as payments.");
        }

        if (options.CardLast4 is not null && options.CardNumber is not null && !options.CardNumber.EndsWith(options.CardLast4, StringComparison.Ordinal))
        {
            throw new PaycueConfigException($"CARD_LAST4: '{options.CardLast4}' is not the end of CARD_NUMBER; fix one of them, or leave CARD_LAST4 empty to take it from the number.");
        }

        if (options.Sandbox && options.TelegramPhone is not null)
        {
            // Sandbox cards take orders like real ones: beside a live card they would show payers a fake card number.
            throw new PaycueConfigException("SANDBOX: true, but TG_PHONE registers a live Telegram card in the same service; "
                + "set SANDBOX=false to go live, or run the sandbox with its own SERVICE_ID and without TG_PHONE.");
        }

        if (!options.Sandbox && options.WebhookPointsAtOwnHealth())
        {
            throw new PaycueConfigException($"WEBHOOK_URL: {options.WebhookUrl} is Paycue's own /health/, which answers every POST with ok, so every confirmation would count as delivered without reaching your shop; set WEBHOOK_URL to your shop's webhook address (only SANDBOX=true allows this one).");
        }

        if (options.IpAddressInvalid())
        {
            throw new PaycueConfigException($"ADVERTISED_IP: '{options.AdvertisedIp}' is not an IP address.");
        }

        return options;
    }

    /// <summary>
    /// The sample .env's WEBHOOK_URL: this process's /health/, on loopback at PORT or at PUBLIC_URL. Fine for a
    /// sandbox try-out; in production it would swallow every webhook.
    /// </summary>
    private bool WebhookPointsAtOwnHealth()
    {
        if (WebhookUrl is not { } url || url.AbsolutePath.TrimEnd('/') != "/health")
        {
            return false;
        }

        if (url.IsLoopback && url.Port == Port)
        {
            return true;
        }

        return PublicUrl is not null && Uri.TryCreate(PublicUrl, UriKind.Absolute, out var own)
            && string.Equals(own.Host, url.Host, StringComparison.OrdinalIgnoreCase) && own.Port == url.Port;
    }

    private bool IpAddressInvalid() => AdvertisedIp is not null && !System.Net.IPAddress.TryParse(AdvertisedIp, out _);
}

/// <summary>One card of <c>CARDS</c>: <c>bank:last4:number:owner</c>.</summary>
public sealed record EnvCard(string Bank, string Last4, string? Number, string? Owner)
{
    /// <summary>Parses <c>CARDS</c>; throws <see cref="PaycueConfigException"/> naming the card and what to fix.</summary>
    public static IReadOnlyList<EnvCard> ParseList(string text)
    {
        var cards = new List<EnvCard>();
        var items = text.Split(',', StringSplitOptions.TrimEntries);
        for (var i = 0; i < items.Length; i++)
        {
            var where = $"CARDS: card {i + 1} ('{Shown(items[i])}')";
            var parts = items[i].Split(':', StringSplitOptions.TrimEntries);
            if (parts.Length is < 2 or > 4)
            {
                throw new PaycueConfigException($"{where} is not bank:last4:number:owner; write it like humo:7159:9860123456787159:Owner Name or uzcard:8346::Owner Name.");
            }

            var bank = CardBanks.Parse(parts[0])
                ?? throw new PaycueConfigException($"{where}: the bank must be humo or uzcard, not '{Shown(parts[0])}'.");
            var last4 = parts[1];
            if (last4.Length != 4 || !last4.All(char.IsAsciiDigit))
            {
                throw new PaycueConfigException($"{where}: the last4 must be the card's last four digits, as the bank bot prints them.");
            }

            var number = parts.Length > 2 && parts[2].Length > 0 ? parts[2].Replace(" ", "", StringComparison.Ordinal) : null;
            if (number is not null && (number.Length is < 16 or > 19 || !number.All(char.IsAsciiDigit)))
            {
                throw new PaycueConfigException($"{where}: the number must be the card's 16 to 19 digits, or empty.");
            }

            if (number is not null && !number.EndsWith(last4, StringComparison.Ordinal))
            {
                throw new PaycueConfigException($"{where}: the last4 {last4} is not the end of the number; fix one of them.");
            }

            var owner = parts.Length > 3 && parts[3].Length > 0 ? parts[3] : null;
            if (cards.Exists(c => c.Bank == bank && c.Last4 == last4))
            {
                throw new PaycueConfigException($"{where}: {bank} *{last4} is listed twice.");
            }

            cards.Add(new EnvCard(bank, last4, number, owner));
        }

        return cards;
    }

    /// <summary>Card numbers are not secrets (the pay page shows them), but a config error need not repeat a long one.</summary>
    private static string Shown(string text) => text.Length > 48 ? text[..48] + "..." : text;
}
