using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Paycue.Gateway.Http;
using Paycue.Gateway.Services;
using Paycue.Grains.Configuration;

namespace Paycue.Gateway.Endpoints;

/// <summary>
/// <c>POST /api/sandbox/payments</c>: a bank-bot message for a sandbox card, fed through the very parser, trust rules
/// and matching that Telegram messages take. Mapped only with <c>SANDBOX=true</c>.
/// </summary>
public static class SandboxEndpoints
{
    private static readonly TimeSpan Tashkent = TimeSpan.FromHours(5);
    public static IEndpointRouteBuilder MapSandboxEndpoints(this IEndpointRouteBuilder app, PaycueOptions options)
    {
        if (!options.Sandbox)
        {
            return app;
        }

        app.MapGroup("/api/sandbox").WithTags("Sandbox").RequireApiCredentials()
            .MapPost("/payments", PayAsync).WithName("SandboxPayment").WithSummary("Pretend the bank bot reported a transfer to a sandbox card.")
            .Takes<SandboxPaymentRequest>().Answers<SandboxPaymentResponse>(200, 400, 401, 404, 503);
        return app;
    }

    public static async Task<Results<JsonHttpResult<Envelope<SandboxPaymentResponse>>, JsonHttpResult<Envelope<ErrorDetail>>>> PayAsync(
        HttpRequest request, IGrainFactory grains, SandboxFeed feed, TimeProvider clock)
    {
        var (body, bodyError) = await JsonBody.ReadObjectAsync(request);
        if (bodyError is not null)
        {
            return Envelope.Error(StatusCodes.Status400BadRequest, bodyError);
        }

        if (!JsonBody.TryReadString(body, "card_id", out var cardId, out var error) || !JsonBody.TryReadString(body, "text", out var text, out error))
        {
            return Envelope.Error(StatusCodes.Status400BadRequest, error!);
        }

        if (cardId is null || !CardIds.IsWellFormed(cardId))
        {
            return Envelope.Error(StatusCodes.Status400BadRequest, "card_id is missing or malformed; use a sandbox card id such as sandbox-1.");
        }

        var info = await grains.GetGrain<ICardGrain>(cardId).GetInfoAsync();
        if (info is null)
        {
            return Envelope.Error(StatusCodes.Status404NotFound, $"card_id '{cardId}' is not a registered card; GET /api/cards lists them.");
        }

        if (info.Spec.Kind != CardKind.Sandbox)
        {
            return Envelope.Error(StatusCodes.Status400BadRequest, $"Card '{cardId}' is a real card; the sandbox feed only pays sandbox cards.");
        }

        var now = clock.GetUtcNow();
        if (!JsonBody.TryReadString(body, "date", out var dateText, out error))
        {
            return Envelope.Error(StatusCodes.Status400BadRequest, error!);
        }

        var date = now;
        if (dateText is not null)
        {
            if (ParseMessageDate(dateText, now, out date) is { } dateError)
            {
                return Envelope.Error(StatusCodes.Status400BadRequest, dateError);
            }
        }

        if (text is null)
        {
            if (!JsonBody.TryReadAmount(body, "amount", wholeSomOnly: false, out var amountTiyin, out var amountError))
            {
                return Envelope.Error(StatusCodes.Status400BadRequest, $"{amountError} (or send the bank bot's message as text)");
            }

            text = info.Spec.BankName == CardBanks.Uzcard ? UzcardCredit(amountTiyin, info.Spec.Last4, date) : HumoCredit(amountTiyin, info.Spec.Last4, date);
        }

        // A client that may retry (its first answer lost) names the message: a retry is then the same bank message,
        // as Telegram would deliver it again, and is deduplicated like one.
        long messageId;
        if (body.TryGetProperty("message_id", out var named) && named.ValueKind != JsonValueKind.Null)
        {
            if (named.ValueKind != JsonValueKind.Number || !named.TryGetInt64(out messageId) || messageId <= 0)
            {
                return Envelope.Error(StatusCodes.Status400BadRequest, "message_id must be a positive whole number (the bank message's id; send the same one when you retry).");
            }
        }
        else
        {
            messageId = SandboxFeed.NextMessageId(now);
        }

        var result = await feed.DeliverAsync(cardId, text, date, messageId);

        // The ledger row's id (the card's "card:chat:message"), for GET /api/payments/{payment_id}; only credits have one.
        var paymentId = result.AmountTiyin is null || result.Outcome == MatchOutcomes.NotACredit ? null : $"{cardId}:{PaycueOptions.SandboxSenderId}:{messageId}";
        return Envelope.Ok(new SandboxPaymentResponse(result.Matched, result.Outcome, result.TransactionId, result.AmountTiyin is { } a ? new SomAmount(a) : null, messageId, text, paymentId));
    }

    /// <summary>
    /// The optional <c>date</c>: when the bank bot's message was sent, to simulate a notification that arrives (or is
    /// read) late. ISO 8601 with a time zone, not in the future; whole seconds, as Telegram dates are.
    /// </summary>
    public static string? ParseMessageDate(string text, DateTimeOffset now, out DateTimeOffset date)
    {
        date = default;
        var timePart = text.IndexOf('T', StringComparison.OrdinalIgnoreCase) is var t and >= 0 ? text[t..] : "";
        var hasZone = timePart.EndsWith('Z') || timePart.EndsWith('z') || timePart.Contains('+', StringComparison.Ordinal) || timePart.Contains('-', StringComparison.Ordinal);
        if (!hasZone || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            return $"date: '{text}' is not an ISO 8601 time with a time zone; write it like 2026-12-03T15:04:05+05:00 or 2026-12-03T10:04:05Z.";
        }

        var whole = parsed.ToUniversalTime();
        whole = new DateTimeOffset(whole.Ticks - (whole.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        if (whole > now)
        {
            return $"date: {whole:O} is in the future (the server's time is {now:O}); a bank message can only be dated now or earlier.";
        }

        date = whole;
        return null;
    }

    /// <summary>The message @HUMOcardbot sends for an incoming transfer, in its Uzbek form.</summary>
    public static string HumoCredit(long amountTiyin, string? last4, DateTimeOffset at)
    {
        var local = at.ToOffset(Tashkent);
        return new StringBuilder()
            .Append("🎉 To'ldirish\n")
            .Append("➕ ").Append(HumoNumber(amountTiyin)).Append(" UZS\n")
            .Append("📍 PAYCUE SANDBOX P2P\n")
            .Append("💳 HUMOCARD *").Append(last4 ?? "0000").Append('\n')
            .Append("🕓 ").Append(local.ToString("HH:mm dd.MM.yyyy", CultureInfo.InvariantCulture))
            .ToString();
    }

    /// <summary>The message @CardXabarBot sends for an incoming transfer to an Uzcard card.</summary>
    public static string UzcardCredit(long amountTiyin, string? last4, DateTimeOffset at)
    {
        var local = at.ToOffset(Tashkent);
        return new StringBuilder()
            .Append("🟢 Perevod na kartu\n")
            .Append("➕ ").Append(UzcardNumber(amountTiyin)).Append(" UZS\n")
            .Append("💳 ***").Append(last4 ?? "0000").Append('\n')
            .Append("📍 PAYCUE SANDBOX P2P\n")
            .Append("🕒 ").Append(local.ToString("dd.MM.yy HH:mm", CultureInfo.InvariantCulture))
            .ToString();
    }

    /// <summary>1234567 tiyin as Uzcard writes it: <c>12 345.67</c>.</summary>
    public static string UzcardNumber(long tiyin)
    {
        var whole = (tiyin / 100).ToString("#,0", CultureInfo.InvariantCulture).Replace(',', ' ');
        return string.Create(CultureInfo.InvariantCulture, $"{whole}.{tiyin % 100:00}");
    }

    /// <summary>1234567 tiyin as Humo writes it: <c>12.345,67</c>.</summary>
    public static string HumoNumber(long tiyin)
    {
        var whole = (tiyin / 100).ToString("#,0", CultureInfo.InvariantCulture).Replace(',', '.');
        return string.Create(CultureInfo.InvariantCulture, $"{whole},{tiyin % 100:00}");
    }

}

public sealed record SandboxPaymentResponse(bool Matched, string Outcome, Guid? TransactionId, SomAmount? Amount, long MessageId, string Text, string? PaymentId = null);
