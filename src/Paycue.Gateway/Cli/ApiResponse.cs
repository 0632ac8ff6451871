using System.Text.Json;

namespace Paycue.Gateway.Cli;

/// <summary>One answer of the HTTP API: its status, and the envelope's <c>data</c> on success or <c>data.detail</c> on failure.</summary>
public sealed record ApiResponse(int StatusCode, JsonElement Data, string? Detail)
{
    public bool IsSuccess => StatusCode is >= 200 and < 300;
}
