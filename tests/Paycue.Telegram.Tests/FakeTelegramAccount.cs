using System.Text.Json.Nodes;

namespace Paycue.Telegram.Tests;

/// <summary>
/// Scripts a <see cref="ScriptedTdClient"/> to behave like TDLib logging in one account: authorization states move
/// as TDLib moves them and refusals carry Telegram's real error names.
/// </summary>
internal sealed class FakeTelegramAccount
{
    public const string Phone = "+998901234567";
    public const string Code = "24680";
    public const string TwoStepPassword = "correct horse battery";

    public FakeTelegramAccount(ScriptedTdClient client)
    {
        Client = client;
        client.On("getAuthorizationState", _ => ScriptedTdClient.ToElement(new JsonObject { ["@type"] = State }));
        client.On("setTdlibParameters", SetTdlibParameters);
        client.On("setAuthenticationPhoneNumber", SetPhoneNumber);
        client.On("checkAuthenticationCode", CheckCode);
        client.On("checkAuthenticationPassword", CheckPassword);
    }

    public ScriptedTdClient Client { get; }

    public string State { get; private set; } = "authorizationStateWaitTdlibParameters";

    /// <summary>The account has two-step verification.</summary>
    public bool HasPassword { get; init; }

    /// <summary>The phone number has no Telegram account (TDLib moves to authorizationStateWaitRegistration).</summary>
    public bool Unregistered { get; init; }

    /// <summary>The next phone submission is refused with this error.</summary>
    public TdException? PhoneRefusal { get; set; }

    /// <summary>The next code submission is refused with this error whatever the code.</summary>
    public TdException? CodeRefusal { get; set; }

    /// <summary>The database encryption key does not open the database.</summary>
    public bool WrongDatabaseKey { get; init; }

    /// <summary>Send the authorization update after the answer instead of before it.</summary>
    public bool UpdatesAfterAnswer { get; init; }

    public JsonObject? TdlibParameters { get; private set; }

    private System.Text.Json.JsonElement SetTdlibParameters(JsonObject request)
    {
        Expect("authorizationStateWaitTdlibParameters", request);
        if (WrongDatabaseKey)
        {
            throw new TdException(401, "Wrong database encryption key");
        }

        TdlibParameters = request;
        return MoveTo("authorizationStateWaitPhoneNumber");
    }

    private System.Text.Json.JsonElement SetPhoneNumber(JsonObject request)
    {
        if (PhoneRefusal is { } refusal)
        {
            PhoneRefusal = null;
            throw refusal;
        }

        return MoveTo(Unregistered ? "authorizationStateWaitRegistration" : "authorizationStateWaitCode");
    }

    private System.Text.Json.JsonElement CheckCode(JsonObject request)
    {
        Expect("authorizationStateWaitCode", request);
        if (CodeRefusal is { } refusal)
        {
            CodeRefusal = null;
            throw refusal;
        }

        if (request["code"]!.GetValue<string>() != Code)
        {
            throw new TdException(400, "PHONE_CODE_INVALID");
        }

        return MoveTo(HasPassword ? "authorizationStateWaitPassword" : "authorizationStateReady");
    }

    private System.Text.Json.JsonElement CheckPassword(JsonObject request)
    {
        Expect("authorizationStateWaitPassword", request);
        if (request["password"]!.GetValue<string>() != TwoStepPassword)
        {
            throw new TdException(400, "PASSWORD_HASH_INVALID");
        }

        return MoveTo("authorizationStateReady");
    }

    private void Expect(string state, JsonObject request)
    {
        if (State != state)
        {
            throw new TdException(400, $"Call to {request["@type"]} unexpected");
        }
    }

    private System.Text.Json.JsonElement MoveTo(string state)
    {
        State = state;
        var update = new JsonObject
        {
            ["@type"] = "updateAuthorizationState",
            ["authorization_state"] = new JsonObject { ["@type"] = state },
        };
        if (UpdatesAfterAnswer)
        {
            _ = Task.Run(async () =>
            {
                await Task.Delay(20);
                Client.Push(update);
            });
        }
        else
        {
            Client.Push(update);
        }

        return ScriptedTdClient.Ok;
    }
}
