using Microsoft.AspNetCore.Http.HttpResults;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Paycue.Gateway.Http;

/// <summary>The original API's envelope: <c>{"status": true, "data": {...}}</c> or <c>{"status": false, "data": {"detail": "..."}}</c>.</summary>
public sealed record Envelope<T>(bool Status, T Data);

public sealed record ErrorDetail(string Detail);

public static class Envelope
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,

        // Responses are JSON for programs, never embedded in HTML: keep so'm and Cyrillic readable.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower), new Endpoints.TransactionResponseConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static JsonHttpResult<Envelope<T>> Ok<T>(T data, int statusCode = StatusCodes.Status200OK) =>
        TypedResults.Json(new Envelope<T>(true, data), Json, statusCode: statusCode);

    /// <summary>Like <see cref="Ok{T}"/>, written in one piece with its length (the create answer: see <see cref="BufferedJsonResult{TValue}"/>).</summary>
    public static BufferedJsonResult<Envelope<T>> OkInOnePiece<T>(T data, int statusCode = StatusCodes.Status200OK) =>
        new(new Envelope<T>(true, data), Json, statusCode);

    public static JsonHttpResult<Envelope<ErrorDetail>> Error(int statusCode, string detail) =>
        TypedResults.Json(new Envelope<ErrorDetail>(false, new ErrorDetail(detail)), Json, statusCode: statusCode);

    /// <summary>Writes an error from middleware, where no endpoint result is at hand.</summary>
    public static Task WriteErrorAsync(HttpContext context, int statusCode, string detail)
    {
        context.Response.StatusCode = statusCode;
        return context.Response.WriteAsJsonAsync(new Envelope<ErrorDetail>(false, new ErrorDetail(detail)), Json);
    }
}
