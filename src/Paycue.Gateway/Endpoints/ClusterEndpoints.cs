using Microsoft.AspNetCore.Http.HttpResults;
using Orleans.Runtime;
using Paycue.Gateway.Http;

namespace Paycue.Gateway.Endpoints;

/// <summary><c>GET /api/cluster</c>: which silos there are, and which cards each one hosts.</summary>
public static class ClusterEndpoints
{
    public static IEndpointRouteBuilder MapClusterEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/cluster").WithTags("Cluster").RequireApiCredentials()
            .MapGet("", GetAsync).WithName("Cluster").WithSummary("Silos with status and address, the cards each hosts, and their transaction activations.")
            .Answers<IReadOnlyList<SiloResponse>>(200, 401, 503);
        return app;
    }

    public static async Task<JsonHttpResult<Envelope<IReadOnlyList<SiloResponse>>>> GetAsync(IGrainFactory grains)
    {
        var management = grains.GetGrain<IManagementGrain>(0);
        var hosts = await management.GetHosts(onlyActive: false);
        var active = hosts.Where(h => h.Value == SiloStatus.Active).Select(h => h.Key).ToList();
        var counts = await Task.WhenAll(active.Select(async silo => (silo, Count: await TransactionActivationsAsync(management, silo))));
        var cards = await grains.GetGrain<ICardDirectoryGrain>(0).ListAsync();
        var placements = await Task.WhenAll(cards.Select(async c => (c.Spec.CardId, Host: await HostOfAsync(grains, c.Spec.CardId))));

        IReadOnlyList<SiloResponse> silos = hosts
            .Select(h => new SiloResponse(
                h.Key.Endpoint.ToString(),
                h.Value.ToString().ToLowerInvariant(),
                placements.Where(p => p.Host == h.Key.Endpoint.ToString()).Select(p => p.CardId).Order(StringComparer.Ordinal).ToList(),
                counts.FirstOrDefault(c => c.silo.Equals(h.Key)).Count))
            .OrderBy(s => s.Address, StringComparer.Ordinal)
            .ToList();
        return Envelope.Ok(silos);
    }

    /// <summary>
    /// One silo at a time, so a silo that was just killed (still "active" until membership declares it dead) leaves
    /// its own count unknown instead of holding the whole answer for Orleans' 30 s response timeout.
    /// </summary>
    private static async Task<int?> TransactionActivationsAsync(IManagementGrain management, SiloAddress silo)
    {
        try
        {
            var statistics = await management.GetSimpleGrainStatistics([silo]).WaitAsync(TimeSpan.FromSeconds(5));
            return statistics.Where(s => s.GrainType.Contains("TransactionGrain", StringComparison.Ordinal)).Sum(s => s.ActivationCount);
        }
        catch (Exception e) when (e is TimeoutException or OrleansException)
        {
            return null;
        }
    }

    /// <summary>
    /// Where a card is active, or null while it cannot answer (its silo just died and membership has not caught up):
    /// the page must not hang for Orleans' whole call timeout because one silo is gone.
    /// </summary>
    private static async Task<string?> HostOfAsync(IGrainFactory grains, string cardId)
    {
        try
        {
            return await grains.GetGrain<ICardGrain>(cardId).GetHostAsync().WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception e) when (e is TimeoutException or OrleansException)
        {
            return null;
        }
    }
}

/// <param name="Address">host:silo port.</param>
/// <param name="TransactionActivations">Transaction grains active in this silo's memory (open ones and recently closed ones);
/// null for a silo that is not active or did not answer within 5 s.</param>
public sealed record SiloResponse(string Address, string Status, IReadOnlyList<string> Cards, int? TransactionActivations);
