using System.Text.Json.Nodes;

namespace Paycue.Telegram.Tests;

/// <summary>The e-mail login states TDLib may move a login through, and the requests that answer them (td_api.tl 1.8.67).</summary>
public sealed class EmailLoginStateTests
{
    [Fact]
    public void EmailStatesAreLoginStepsNotErrorsAndTheCodeStateDoesNotAskToSetUpAnEmail()
    {
        var address = TelegramLoginState.FromAuthorizationState("authorizationStateWaitEmailAddress");
        var code = TelegramLoginState.FromAuthorizationState("authorizationStateWaitEmailCode");

        Assert.Equal("email_required", address.WireName);
        Assert.Equal("email_code_required", code.WireName);
        Assert.DoesNotContain("set up", code.Reason);
        Assert.Contains("sent a login code", code.Reason);
    }

    [Fact]
    public async Task TheEmailAndItsCodeAreSentAsTheSchemaSpellsThem()
    {
        var client = new ScriptedTdClient();
        var state = "authorizationStateWaitTdlibParameters";
        JsonElementFor(client, "getAuthorizationState", _ => new JsonObject { ["@type"] = state });
        void Move(string next)
        {
            state = next;
            client.Push(new JsonObject { ["@type"] = "updateAuthorizationState", ["authorization_state"] = new JsonObject { ["@type"] = next } });
        }

        JsonElementFor(client, "setTdlibParameters", _ => { Move("authorizationStateWaitPhoneNumber"); return Ok(); });
        JsonElementFor(client, "setAuthenticationPhoneNumber", _ => { Move("authorizationStateWaitEmailAddress"); return Ok(); });
        JsonElementFor(client, "setAuthenticationEmailAddress", _ => { Move("authorizationStateWaitEmailCode"); return Ok(); });
        JsonElementFor(client, "checkAuthenticationEmailCode", _ => { Move("authorizationStateReady"); return Ok(); });
        using var login = new TelegramLogin(client, new TdlibSettings
        {
            ApiId = 1,
            ApiHash = "api-hash",
            DatabaseDirectory = "/sessions/card-1",
            DatabaseEncryptionKey = TdlibKeys.DatabaseEncryptionKey("email-tests-session-key-0123"),
        });

        await login.StartAsync();
        Assert.Equal(TelegramLoginStatus.EmailRequired, (await login.SubmitPhoneAsync("+998901234567")).Status);
        var notYet = await Assert.ThrowsAsync<TelegramLoginException>(() => login.SubmitEmailCodeAsync("12345"));
        Assert.Equal("Telegram is not waiting for an e-mail code now (status: email_required).", notYet.Reason);
        Assert.Equal(TelegramLoginStatus.EmailCodeRequired, (await login.SubmitEmailAsync(" shop@example.com ")).Status);
        Assert.Equal(TelegramLoginStatus.Ready, (await login.SubmitEmailCodeAsync("12345")).Status);

        var email = Assert.Single(client.RequestsOfType("setAuthenticationEmailAddress"));
        Assert.Equal("""{"@type":"setAuthenticationEmailAddress","email_address":"shop@example.com"}""", email.ToJsonString());
        var code = Assert.Single(client.RequestsOfType("checkAuthenticationEmailCode"));
        Assert.Equal("""{"@type":"checkAuthenticationEmailCode","code":{"@type":"emailAddressAuthenticationCode","code":"12345"}}""", code.ToJsonString());
    }

    [Theory]
    [InlineData("authorizationStateWaitEmailAddress")]
    [InlineData("authorizationStateWaitEmailCode")]
    [InlineData("authorizationStateWaitPassword")]
    public async Task FromEveryLoginStateThePhoneNumberStartsAgain(string from)
    {
        var client = new ScriptedTdClient();
        var state = from;
        JsonElementFor(client, "getAuthorizationState", _ => new JsonObject { ["@type"] = state });
        JsonElementFor(client, "setAuthenticationPhoneNumber", _ =>
        {
            state = "authorizationStateWaitCode";
            client.Push(new JsonObject { ["@type"] = "updateAuthorizationState", ["authorization_state"] = new JsonObject { ["@type"] = state } });
            return Ok();
        });
        using var login = new TelegramLogin(client, new TdlibSettings
        {
            ApiId = 1,
            ApiHash = "api-hash",
            DatabaseDirectory = "/sessions/card-1",
            DatabaseEncryptionKey = TdlibKeys.DatabaseEncryptionKey("email-tests-session-key-0123"),
        });
        await login.StartAsync();

        Assert.Equal(TelegramLoginStatus.CodeRequired, (await login.SubmitPhoneAsync("+998901234567")).Status);
    }

    private static void JsonElementFor(ScriptedTdClient client, string type, Func<JsonObject, JsonObject> answer) =>
        client.On(type, request => ScriptedTdClient.ToElement(answer(request)));

    private static JsonObject Ok() => new() { ["@type"] = "ok" };
}
