using Microsoft.AspNetCore.Http.HttpResults;
using Paycue.Gateway.Http;
using Paycue.Grains.Configuration;
using Paycue.Grains.Transactions;

namespace Paycue.Gateway.Endpoints;

/// <summary>The original service's endpoints, byte for byte where merchants already depend on them.</summary>
public static class SeedCompatEndpoints
{
    public static IEndpointRouteBuilder MapSeedCompatEndpoints(this IEndpointRouteBuilder app)
    {
        // The original sample .env points WEBHOOK_URL here, so it must accept the webhook POST too.
        app.MapMethods("/health/", ["GET", "POST"], Health).WithTags("Health").WithName("Health").WithSummary("Liveness: {\"ok\": true}.");
        app.MapPost("/create/transaction/", CreateAsync)
            .RequireApiCredentials()
            .Takes<CreateTransactionRequest>()
            .Answers<TransactionResponse>(200, 400, 401, 404, 409, 503)
            .WithTags("Transactions")
            .WithName("CreateTransactionOriginal")
            .WithSummary("The original create call: 200 with amount and transaction_id.");
        return app;
    }

    public static Ok<HealthResponse> Health() => TypedResults.Ok(new HealthResponse(true));

    public static Task<Results<BufferedJsonResult<Envelope<TransactionResponse>>, JsonHttpResult<Envelope<ErrorDetail>>>> CreateAsync(
        HttpRequest request, IGrainFactory grains, TransactionPlacer placer, PaycueOptions options) =>
        TransactionEndpoints.CreateCoreAsync(request, grains, placer, options, StatusCodes.Status200OK);
}

public sealed record HealthResponse(bool Ok);
