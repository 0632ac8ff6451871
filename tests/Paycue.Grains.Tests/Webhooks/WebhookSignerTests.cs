using System.Text;
using Paycue.Grains.Webhooks;

namespace Paycue.Grains.Tests.Webhooks;

public sealed class WebhookSignerTests
{
    [Fact]
    public void MatchesTheStandardWebhooksSpecificationExample()
    {
        Assert.True(WebhookSigner.TryParseSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", out var key));
        var signature = WebhookSigner.Sign(key, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, Encoding.UTF8.GetBytes("{\"test\": 2432232314}"));
        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", signature);
    }

    /// <summary>The vector printed in the README, so the documentation cannot drift from the code.</summary>
    [Fact]
    public void MatchesTheReadmeVector()
    {
        Assert.True(WebhookSigner.TryParseSecret("whsec_cGF5Y3VlLXJlYWRtZS10ZXN0LXNlY3JldC0zMmJ5dGU=", out var key));
        var body = "{\"action\":\"confirm\",\"amount\":20001,\"transaction_id\":\"622ea789-5b4c-4e6a-a76b-415ac144eb34\",\"card_id\":\"sandbox-1\",\"requested_amount\":20000}";
        var signature = WebhookSigner.Sign(key, "evt_3f1c2a9b8d7e4f60a1b2c3d4e5f60718", 1795924422, Encoding.UTF8.GetBytes(body));
        Assert.Equal(ReadmeVector.ExpectedSignature, signature);
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));
        Assert.Contains(ReadmeVector.ExpectedSignature, readme);
        Assert.Contains(body, readme);
    }

    [Fact]
    public void ChangedBodyChangesTheSignature()
    {
        WebhookSigner.TryParseSecret(WebhookSigner.GenerateSecret(), out var key);
        var a = WebhookSigner.Sign(key, "evt_1", 1, "{\"amount\":20001}"u8);
        var b = WebhookSigner.Sign(key, "evt_1", 1, "{\"amount\":20002}"u8);
        Assert.NotEqual(a, b);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("secret")]
    [InlineData("whsec_")]
    [InlineData("whsec_!!notbase64!!")]
    [InlineData("whsec_c2hvcnQ=")]
    public void RejectsMalformedSecrets(string? secret) => Assert.False(WebhookSigner.TryParseSecret(secret, out _));

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Paycue.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Repository root not found.");
    }

    private static class ReadmeVector
    {
        public const string ExpectedSignature = "v1,8CuC+esex5A7EGYzCBzd1wyPTy/NMGtferlrr797BEM=";
    }
}
