namespace Paycue.Grains.Configuration;

/// <summary>
/// Reads a <c>.env</c> file: <c>KEY=value</c> lines, <c>#</c> comments, optional <c>export</c>, values in single or
/// double quotes. Kept deliberately small: it is the format of the original docs, not a shell.
/// </summary>
public static class DotEnv
{
    public static IReadOnlyDictionary<string, string> Read(string path)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!File.Exists(path))
        {
            return values;
        }

        var lineNumber = 0;
        foreach (var raw in File.ReadLines(path))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (line.StartsWith("export ", StringComparison.Ordinal))
            {
                line = line["export ".Length..].TrimStart();
            }

            var equals = line.IndexOf('=');
            if (equals <= 0)
            {
                throw new PaycueConfigException($"{path}:{lineNumber}: expected KEY=value, found a line without '='.");
            }

            var key = line[..equals].Trim();
            var value = line[(equals + 1)..].Trim();
            if (value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0])
            {
                value = value[1..^1];
            }
            else
            {
                // An unquoted value may carry a trailing comment.
                var hash = value.IndexOf(" #", StringComparison.Ordinal);
                if (hash >= 0)
                {
                    value = value[..hash].TrimEnd();
                }
            }

            values[key] = value;
        }

        return values;
    }
}
