using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Paycue.Gateway.Endpoints;
using Paycue.Gateway.Http;
using Paycue.Grains.Configuration;

namespace Paycue.Gateway.Exports;

/// <summary>
/// <c>/api/payments.csv</c>, <c>/api/transactions.csv</c> (streamed: rows are written as pages are read) and
/// <c>/api/summary</c>.
/// </summary>
public static class ExportEndpoints
{
    public static IEndpointRouteBuilder MapExportEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Exports").RequireApiCredentials();
        api.MapGet("/payments.csv", PaymentsCsvAsync).WithName("ExportPayments")
            .WithSummary("The ledger as CSV (UTF-8, header row, so'm with two decimals, times in TZ), streamed; the filters of GET /api/payments plus card_id.")
            .Produces(200, contentType: "text/csv").Answers<ErrorDetail>(200, 400, 401);
        api.MapGet("/transactions.csv", TransactionsCsvAsync).WithName("ExportTransactions")
            .WithSummary("Transactions as CSV (with order_id), streamed; since/before on created_at, state, card_id.")
            .Produces(200, contentType: "text/csv").Answers<ErrorDetail>(200, 400, 401);
        api.MapGet("/summary", SummaryEndpoint.GetAsync).WithName("Summary")
            .WithSummary("Per card and in total since a time: transactions created, confirmed, cancelled, amount confirmed, unmatched credits, average time to pay.")
            .Answers<SummaryResponse>(200, 400, 401, 503);
        return app;
    }

    private static readonly string[] PaymentColumns =
        ["payment_id", "card_id", "message_id", "amount", "currency", "received_at", "bank_time", "source", "status", "outcome", "transaction_id", "order_id"];

    /// <summary>Columns that hold numbers we format ourselves: written plain, never prefixed against formulas.</summary>
    private static readonly HashSet<string> NumberColumns = ["message_id", "amount", "requested_amount", "payment_message_id"];

    private static readonly string[] TransactionColumns =
        ["transaction_id", "order_id", "card_id", "state", "amount", "requested_amount", "created_at", "expires_at", "confirmed_at", "cancelled_at", "cancel_reason", "payment_message_id", "return_url", "metadata"];

    public static Results<FileStreamHttpResult, PushStreamHttpResult, JsonHttpResult<Envelope<ErrorDetail>>> PaymentsCsvAsync(
        IGrainFactory grains, PaycueOptions options, string? status, string? since, string? before,
        [Microsoft.AspNetCore.Mvc.FromQuery(Name = "card_id")] string? cardId, CancellationToken cancellationToken)
    {
        var filter = status?.ToLowerInvariant() switch
        {
            null or "" or "all" => PaymentFilter.All,
            "matched" => PaymentFilter.Matched,
            "unmatched" => PaymentFilter.Unmatched,
            _ => (PaymentFilter?)null,
        };
        if (filter is null)
        {
            return Envelope.Error(StatusCodes.Status400BadRequest, "status must be all, matched or unmatched.");
        }

        if (!TryRange(since, before, cardId, out var sinceTime, out var beforeTime, out var error))
        {
            return Envelope.Error(StatusCodes.Status400BadRequest, error!);
        }

        var tz = options.TimeZone;
        return Stream("payments.csv", PaymentColumns, async write =>
        {
            await foreach (var p in ExportPages.PaymentsAsync(grains, filter.Value, sinceTime, beforeTime, cardId, cancellationToken))
            {
                await write([p.PaymentId, p.CardId, p.MessageId.ToString(CultureInfo.InvariantCulture), Csv.Som(p.AmountTiyin), p.Currency,
                    tz.Format(p.ReceivedAt), Time(tz, p.BankTime), p.Source, p.Matched ? "matched" : "unmatched", p.Outcome, p.TransactionId?.ToString("D"), p.OrderId]);
            }
        });
    }

    public static Results<FileStreamHttpResult, PushStreamHttpResult, JsonHttpResult<Envelope<ErrorDetail>>> TransactionsCsvAsync(
        IGrainFactory grains, PaycueOptions options, string? state, string? status, string? since, string? before,
        [Microsoft.AspNetCore.Mvc.FromQuery(Name = "card_id")] string? cardId, CancellationToken cancellationToken)
    {
        if (!TryState(state ?? status, out var wanted, out var error) || !TryRange(since, before, cardId, out var sinceTime, out var beforeTime, out error))
        {
            return Envelope.Error(StatusCodes.Status400BadRequest, error!);
        }

        var tz = options.TimeZone;
        return Stream("transactions.csv", TransactionColumns, async write =>
        {
            await foreach (var t in ExportPages.TransactionsAsync(grains, wanted, sinceTime, beforeTime, cardId, cancellationToken))
            {
                await write([t.TransactionId.ToString("D"), t.Order?.OrderId, t.CardId, TransactionMapping.StateName(t.State), Csv.Som(t.AmountTiyin), Csv.Som(t.RequestedTiyin),
                    tz.Format(t.CreatedAt), tz.Format(t.ExpiresAt), Time(tz, t.ConfirmedAt), Time(tz, t.CancelledAt), t.CancelReason,
                    t.Payment?.MessageId.ToString(CultureInfo.InvariantCulture), t.Order?.ReturnUrl, t.Order?.MetadataJson]);
            }
        });
    }

    /// <summary>
    /// The header at once, then each row as it is read. Rows gather in a small buffer that goes out asynchronously
    /// every 8 K characters (a StreamWriter would write synchronously when full), so memory stays flat.
    /// </summary>
    private static PushStreamHttpResult Stream(string fileName, string[] columns, Func<Func<string?[], ValueTask>, Task> rows) =>
        TypedResults.Stream(async body =>
        {
            var numbers = columns.Select(NumberColumns.Contains).ToArray();
            await using var writer = new StreamWriter(body, Csv.Utf8, bufferSize: 16 * 1024);
            var pending = new StringWriter(new System.Text.StringBuilder(16 * 1024), CultureInfo.InvariantCulture);
            async ValueTask SendAsync()
            {
                await writer.WriteAsync(pending.GetStringBuilder());
                pending.GetStringBuilder().Clear();
                await writer.FlushAsync();
            }

            Csv.WriteRow(pending, columns);
            await SendAsync();
            await rows(async fields =>
            {
                Csv.WriteRow(pending, fields, numbers);
                if (pending.GetStringBuilder().Length >= 8 * 1024)
                {
                    await SendAsync();
                }
            });
            await SendAsync();
        }, "text/csv; charset=utf-8", fileName);

    private static string? Time(ReportTimeZone tz, DateTimeOffset? time) => time is { } t ? tz.Format(t) : null;

    internal static bool TryState(string? text, out TransactionState? state, out string? error)
    {
        error = null;
        state = text?.ToLowerInvariant() switch
        {
            null or "" or "all" => null,
            "active" => TransactionState.Active,
            "confirmed" => TransactionState.Confirmed,
            "cancelled" => TransactionState.Cancelled,
            _ => TransactionState.None,
        };
        if (state == TransactionState.None)
        {
            error = "state must be all, active, confirmed or cancelled.";
            return false;
        }

        return true;
    }

    internal static bool TryRange(string? since, string? before, string? cardId, out DateTimeOffset? sinceTime, out DateTimeOffset? beforeTime, out string? error)
    {
        beforeTime = null;
        if (!TryTime(since, "since", out sinceTime, out error) || !TryTime(before, "before", out beforeTime, out error))
        {
            return false;
        }

        if (cardId is not null && !CardIds.IsWellFormed(cardId))
        {
            error = "card_id is malformed; use an id from GET /api/cards.";
            return false;
        }

        return true;
    }

    /// <summary>An ISO 8601 time, or a span back from now such as 30d, 12h or 90m.</summary>
    internal static bool TryTime(string? text, string name, out DateTimeOffset? time, out string? error)
    {
        time = null;
        error = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (char.IsAsciiLetter(text[^1]) && Durations.TryParse(text, out var ago))
        {
            time = DateTimeOffset.UtcNow - ago;
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            time = parsed;
            return true;
        }

        error = $"{name} must be a time such as 2026-11-29T10:00:00Z, or a span back from now such as 30d or 12h.";
        return false;
    }
}
