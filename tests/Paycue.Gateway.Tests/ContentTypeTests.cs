using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Paycue.Gateway.Tests;

/// <summary>
/// A cross-site form post rides on the browser's cached Basic credentials; every endpoint that takes a body refuses
/// anything not sent as application/json, before it acts.
/// </summary>
public sealed class ContentTypeTests(HttpContractFixture fixture) : IClassFixture<HttpContractFixture>
{
    private readonly HttpClient api = fixture.App.Authorized();

    public static TheoryData<string, string?> NotJson()
    {
        var data = new TheoryData<string, string?>();
        foreach (var path in new[] { "/api/transactions", "/create/transaction/", "/api/sandbox/payments", "/api/cards", "/api/cards/tg-unknown/login" })
        {
            data.Add(path, "application/x-www-form-urlencoded");
            data.Add(path, "multipart/form-data; boundary=x");
            data.Add(path, "text/plain");
            data.Add(path, null);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(NotJson))]
    public async Task BodyNotDeclaredAsJsonIs415WithASentence(string path, string? contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes("{\"amount\": 20000, \"card_id\": \"sandbox-1\", \"phone\": \"+998901234567\", \"code\": \"12345\"}"));
        if (contentType is not null)
        {
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        var response = await api.PostAsync(path, content);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("Content-Type: application/json", await PaycueApp.DetailAsync(response));
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("Application/JSON;charset=UTF-8")]
    public async Task JsonWithOrWithoutCharsetIsAccepted(string contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes("{\"amount\": 20070}"));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        var response = await api.PostAsync("/api/transactions", content);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }
}
