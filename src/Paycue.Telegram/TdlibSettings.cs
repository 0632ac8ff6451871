using System.Text.Json.Nodes;

namespace Paycue.Telegram;

/// <summary>
/// What TDLib needs to start one account's client (<c>setTdlibParameters</c>). The message, chat-info and file
/// databases are always off so the database directory (the session) stays a few kilobytes.
/// A class rather than a record so that no generated ToString can print the API hash or the key.
/// </summary>
public sealed class TdlibSettings
{
    /// <summary>The application id from my.telegram.org.</summary>
    public required int ApiId { get; init; }

    /// <summary>The application hash from my.telegram.org.</summary>
    public required string ApiHash { get; init; }

    /// <summary>The directory holding this account's TDLib database, e.g. <c>SESSION_DIR/&lt;card-id&gt;</c>.</summary>
    public required string DatabaseDirectory { get; init; }

    /// <summary>TDLib's <c>database_encryption_key</c>; see <see cref="TdlibKeys.DatabaseEncryptionKey"/>.</summary>
    public required byte[] DatabaseEncryptionKey { get; init; }

    /// <summary>Where downloaded files would go; empty means the database directory (we download nothing).</summary>
    public string FilesDirectory { get; init; } = "";

    public string SystemLanguageCode { get; init; } = "en";

    public string DeviceModel { get; init; } = "Paycue";

    /// <summary>Empty lets TDLib detect the operating system version.</summary>
    public string SystemVersion { get; init; } = "";

    public string ApplicationVersion { get; init; } = "1.0";

    /// <summary>Telegram's test data centres instead of production.</summary>
    public bool UseTestDc { get; init; }

    /// <summary>The <c>setTdlibParameters</c> request (TDLib 1.8.x takes the fields inline).</summary>
    public JsonObject ToRequest() => new()
    {
        ["@type"] = "setTdlibParameters",
        ["use_test_dc"] = UseTestDc,
        ["database_directory"] = DatabaseDirectory,
        ["files_directory"] = FilesDirectory,
        ["database_encryption_key"] = Convert.ToBase64String(DatabaseEncryptionKey),
        ["use_file_database"] = false,
        ["use_chat_info_database"] = false,
        ["use_message_database"] = false,
        ["use_secret_chats"] = false,
        ["api_id"] = ApiId,
        ["api_hash"] = ApiHash,
        ["system_language_code"] = SystemLanguageCode,
        ["device_model"] = DeviceModel,
        ["system_version"] = SystemVersion,
        ["application_version"] = ApplicationVersion,
    };

    public override string ToString() => $"TdlibSettings {{ ApiId = {ApiId}, DatabaseDirectory = {DatabaseDirectory} }}";
}
