using Microsoft.AspNetCore.Http.HttpResults;
using Paycue.Gateway.Http;

namespace Paycue.Gateway.Endpoints;

/// <summary><c>/api/cards</c>: the cards and how each is doing.</summary>
public static class CardEndpoints
{
    public static IEndpointRouteBuilder MapCardEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/cards").WithTags("Cards").RequireApiCredentials();
        group.MapGet("", ListAsync).WithName("ListCards").WithSummary("Every card with its status and open transactions.")
            .Answers<IReadOnlyList<CardResponse>>(200, 401, 503);
        return app;
    }

    public static async Task<JsonHttpResult<Envelope<IReadOnlyList<CardResponse>>>> ListAsync(IGrainFactory grains)
    {
        var entries = await grains.GetGrain<ICardDirectoryGrain>(0).ListAsync();
        var infos = await Task.WhenAll(entries.Select(e => grains.GetGrain<ICardGrain>(e.Spec.CardId).GetInfoAsync()));
        IReadOnlyList<CardResponse> cards = infos.OfType<CardInfo>().Select(CardResponse.From).ToList();
        return Envelope.Ok(cards);
    }
}

public sealed record CardResponse(
    string CardId,
    string Kind,
    string? Last4,
    string Status,
    string? StatusReason,
    int OpenTransactions,
    long BalanceGaps,
    DateTimeOffset? LastGapAt)
{
    public static CardResponse From(CardInfo info) => new(
        info.Spec.CardId,
        info.Spec.Kind == CardKind.Sandbox ? "sandbox" : "telegram",
        info.Spec.Last4,
        info.Status,
        info.StatusReason,
        info.OpenTransactions,
        info.BalanceGaps,
        info.LastGapAt);
}
