using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Paycue.Gateway.Http;
using Paycue.Grains.Configuration;

namespace Paycue.Gateway.PayPage;

/// <summary>
/// The pay page is public and each unknown id costs a grain activation, so every client address gets a fixed window
/// of <c>PAY_RATE_LIMIT</c> requests a minute; an open page polls once a second, which the default of 120 covers
/// with room for reloads.
/// </summary>
public static class PayPageRateLimit
{
    public const string Policy = "pay-page";

    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    /// <summary>The per-address policy and the 429 answer.</summary>
    public static void Configure(RateLimiterOptions limiter, PaycueOptions options)
    {
        limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        limiter.AddPolicy(Policy, context => RateLimitPartition.GetFixedWindowLimiter(
            ClientKey(context.Connection.RemoteIpAddress),
            _ => new FixedWindowRateLimiterOptions { PermitLimit = options.PayRateLimit, Window = Window, QueueLimit = 0 }));
        limiter.OnRejected = (context, _) => RejectAsync(context.HttpContext, context.Lease);
    }

    /// <summary>One partition per IPv4 address and per IPv6 /64, since one IPv6 client usually holds a whole /64.</summary>
    public static string ClientKey(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return address.AddressFamily == AddressFamily.InterNetworkV6
            ? Convert.ToHexString(address.GetAddressBytes(), 0, 8) + "::/64"
            : address.ToString();
    }

    private static async ValueTask RejectAsync(HttpContext http, RateLimitLease lease)
    {
        PayPageHeaders.Apply(http.Response);
        if (lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
        {
            http.Response.Headers.RetryAfter = ((long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        var sentence = PayTexts.For(http.Request).TooManyRequests;
        if (http.Request.Path.StartsWithSegments("/api"))
        {
            await Envelope.WriteErrorAsync(http, StatusCodes.Status429TooManyRequests, sentence);
            return;
        }

        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.ContentType = "text/plain; charset=utf-8";
        await http.Response.WriteAsync(sentence, http.RequestAborted);
    }
}
