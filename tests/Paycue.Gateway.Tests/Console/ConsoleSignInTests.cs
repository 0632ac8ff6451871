using System.Net;
using Paycue.Gateway.Http;
using Paycue.Gateway.MerchantConsole;

// Not Paycue.Gateway.Tests.Console: it would shadow System.Console in every test file.
namespace Paycue.Gateway.Tests.MerchantConsole;

/// <summary>The sign-in check and its per-address growing delay, on a clock the test moves.</summary>
public sealed class ConsoleSignInTests
{
    private static readonly IPAddress Address = IPAddress.Parse("203.0.113.9");
    private static readonly IPAddress Other = IPAddress.Parse("203.0.113.10");

    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static (ConsoleSignIn SignIn, ManualClock Clock) Create(ConsoleCredentials? console = null)
    {
        var clock = new ManualClock();
        return (new ConsoleSignIn(new ApiCredentials("shop", "api-password", generated: false), console, clock), clock);
    }

    [Fact]
    public void AcceptsTheApiPairAndTheConsolePairAndNothingElse()
    {
        var (signIn, _) = Create(new ConsoleCredentials("owner", "console-password"));
        Assert.True(signIn.TrySignIn(Address, "shop", "api-password"));
        Assert.True(signIn.TrySignIn(Address, "owner", "console-password"));
        Assert.False(signIn.TrySignIn(Address, "owner", "api-password"));
        Assert.False(signIn.TrySignIn(Address, "shop", "console-password"));
        Assert.False(signIn.TrySignIn(Address, "shop:api", "password"));
    }

    [Fact]
    public void EachFailureAfterTheFreeOnesDoublesTheWaitOfThatAddressOnly()
    {
        var (signIn, clock) = Create();
        for (var i = 0; i < ConsoleSignIn.FreeFailures; i++)
        {
            Assert.False(signIn.TrySignIn(Address, "shop", "typo"));
            Assert.Equal(TimeSpan.Zero, signIn.WaitFor(Address));
        }

        var expected = ConsoleSignIn.FirstDelay;
        for (var i = 0; i < 4; i++)
        {
            Assert.False(signIn.TrySignIn(Address, "shop", "guess"));
            Assert.Equal(expected, signIn.WaitFor(Address));
            Assert.Equal(TimeSpan.Zero, signIn.WaitFor(Other));
            clock.Now += expected;
            Assert.Equal(TimeSpan.Zero, signIn.WaitFor(Address));
            expected *= 2;
        }

        // A success clears the address.
        Assert.True(signIn.TrySignIn(Address, "shop", "api-password"));
        Assert.False(signIn.TrySignIn(Address, "shop", "typo"));
        Assert.Equal(TimeSpan.Zero, signIn.WaitFor(Address));
    }

    [Fact]
    public void TheWaitStopsGrowingAtTheCap()
    {
        var (signIn, clock) = Create();
        for (var i = 0; i < 40; i++)
        {
            signIn.TrySignIn(Address, "shop", "guess");
            clock.Now += signIn.WaitFor(Address);
        }

        signIn.TrySignIn(Address, "shop", "guess");
        Assert.Equal(ConsoleSignIn.MaxDelay, signIn.WaitFor(Address));
    }

    [Fact]
    public void EveryConsoleWordHasUzbekRussianAndEnglish()
    {
        Assert.All(ConsoleText.Table, entry =>
        {
            Assert.Equal(3, entry.Value.Length);
            Assert.All(entry.Value, words => Assert.False(string.IsNullOrWhiteSpace(words), entry.Key));
            Assert.Equal(entry.Key, entry.Value[2]);
        });
    }
}
