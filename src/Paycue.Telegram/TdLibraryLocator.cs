namespace Paycue.Telegram;

/// <summary>
/// Finds TDLib's JSON client library (<c>libtdjson</c>) the way every Paycue process and test does:
/// <list type="number">
/// <item><c>TDLIB_PATH</c> when set (a file, or a directory holding the library); nothing else is tried then,
/// so a wrong override fails loudly instead of silently loading another build.</item>
/// <item><c>.cache/tdlib/&lt;library&gt;</c> in the application directory or any directory above it, where
/// <c>scripts/fetch-tdlib.sh</c> puts it in a source checkout.</item>
/// <item>Next to the executable (the published output).</item>
/// </list>
/// </summary>
public static class TdLibraryLocator
{
    /// <summary>The environment variable that overrides where the library is.</summary>
    public const string PathVariable = "TDLIB_PATH";

    /// <summary>The library's file name on this operating system.</summary>
    public static string FileName =>
        OperatingSystem.IsMacOS() ? "libtdjson.dylib"
        : OperatingSystem.IsWindows() ? "tdjson.dll"
        : "libtdjson.so";

    /// <summary>The full path of the library to load, or null when none of the places holds it.</summary>
    public static string? Find() => Candidates().FirstOrDefault(File.Exists);

    /// <summary>Every path <see cref="Find"/> tries, in order.</summary>
    public static IReadOnlyList<string> Candidates()
    {
        var overridePath = Environment.GetEnvironmentVariable(PathVariable);
        if (!string.IsNullOrWhiteSpace(overridePath))
        {
            return [Directory.Exists(overridePath) ? Path.Combine(overridePath, FileName) : overridePath];
        }

        var candidates = new List<string>();
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            candidates.Add(Path.Combine(directory.FullName, ".cache", "tdlib", FileName));
        }

        candidates.Add(Path.Combine(AppContext.BaseDirectory, FileName));
        var executableDirectory = Path.GetDirectoryName(Environment.ProcessPath);
        if (executableDirectory is not null)
        {
            candidates.Add(Path.Combine(executableDirectory, FileName));
        }

        return candidates.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>A sentence for the operator when the library is missing.</summary>
    public static string DescribeMissing()
    {
        var tried = string.Join(", ", Candidates());
        return Environment.GetEnvironmentVariable(PathVariable) is { Length: > 0 } value
            ? $"TDLib's {FileName} was not found at {PathVariable}={value}."
            : $"TDLib's {FileName} was not found; run scripts/fetch-tdlib.sh or set {PathVariable}. Looked in: {tried}";
    }
}
