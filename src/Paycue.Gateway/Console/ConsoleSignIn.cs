using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Paycue.Gateway.Http;
using Paycue.Gateway.PayPage;

// Not Paycue.Gateway.Console: that namespace would shadow System.Console in every Paycue.Gateway.* file.
namespace Paycue.Gateway.MerchantConsole;

/// <summary>
/// Who may sign in (the API pair, or <c>CONSOLE_USERNAME</c>/<c>CONSOLE_PASSWORD</c>) and how often an address may
/// try: the first <see cref="FreeFailures"/> wrong attempts cost nothing (typos), then each further one makes the
/// address wait twice as long as the last, from <see cref="FirstDelay"/> up to <see cref="MaxDelay"/>. A success
/// clears the address. Checks are constant-time.
/// </summary>
public sealed class ConsoleSignIn(ApiCredentials api, ConsoleCredentials? console, TimeProvider time)
{
    public const int FreeFailures = 2;
    public static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan MaxDelay = TimeSpan.FromMinutes(15);
    private const int MaxTrackedAddresses = 100_000;

    private readonly ConcurrentDictionary<string, Attempts> attempts = new(StringComparer.Ordinal);

    /// <summary>How long <paramref name="address"/> must still wait before it may try again; zero when it may.</summary>
    public TimeSpan WaitFor(IPAddress? address)
    {
        if (!attempts.TryGetValue(PayPageRateLimit.ClientKey(address), out var entry))
        {
            return TimeSpan.Zero;
        }

        var wait = entry.NotBefore - time.GetUtcNow();
        return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
    }

    /// <summary>Checks the pair; a failure lengthens the address's wait. Only call when <see cref="WaitFor"/> is zero.</summary>
    public bool TrySignIn(IPAddress? address, string username, string password)
    {
        var key = PayPageRateLimit.ClientKey(address);
        var given = Encoding.UTF8.GetBytes($"{username}:{password}");
        var accepted = Matches(given, api.Username, api.Password) | (console is not null && Matches(given, console.Username, console.Password));
        if (accepted)
        {
            attempts.TryRemove(key, out _);
            return true;
        }

        if (attempts.Count > MaxTrackedAddresses)
        {
            Prune();
        }

        var now = time.GetUtcNow();
        attempts.AddOrUpdate(
            key,
            _ => Next(new Attempts(0, now), now),
            (_, previous) => Next(previous, now));
        return false;
    }

    private static Attempts Next(Attempts previous, DateTimeOffset now)
    {
        var failures = previous.Failures + 1;
        if (failures <= FreeFailures)
        {
            return new Attempts(failures, now);
        }

        var doublings = Math.Min(failures - FreeFailures - 1, 20);
        var delay = TimeSpan.FromTicks(Math.Min(FirstDelay.Ticks << doublings, MaxDelay.Ticks));
        return new Attempts(failures, now + delay);
    }

    private static bool Matches(byte[] given, string username, string password) =>
        CryptographicOperations.FixedTimeEquals(given, Encoding.UTF8.GetBytes($"{username}:{password}"));

    /// <summary>Forgets addresses whose wait is long over, so a spray of addresses cannot grow memory without bound.</summary>
    private void Prune()
    {
        var cutoff = time.GetUtcNow() - MaxDelay;
        foreach (var (key, entry) in attempts)
        {
            if (entry.NotBefore < cutoff)
            {
                attempts.TryRemove(key, out _);
            }
        }
    }

    private sealed record Attempts(int Failures, DateTimeOffset NotBefore);
}

/// <summary><c>CONSOLE_USERNAME</c> and <c>CONSOLE_PASSWORD</c>: a console sign-in that is not the API pair.</summary>
public sealed record ConsoleCredentials(string Username, string Password);
