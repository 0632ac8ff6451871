namespace Paycue.Gateway.Cli;

/// <summary>
/// A command line split into words (command, subcommand, id) and options. Options may come anywhere, as
/// <c>--name value</c> or <c>--name=value</c>; an option given twice, an unknown one, or one missing its value is a
/// usage error.
/// </summary>
public sealed class CliArguments
{
    /// <summary>Options that take a value.</summary>
    public static readonly IReadOnlySet<string> ValueOptions = new HashSet<string>(StringComparer.Ordinal)
    {
        "--url", "--user", "--password", "--amount", "--card", "--idempotency-key", "--state", "--limit", "--since", "--before",
        "--transaction", "--note",
        "--order-id", "--ttl", "--metadata", "--return-url", "--status",
    };

    /// <summary>Options that are on or off.</summary>
    public static readonly IReadOnlySet<string> Flags = new HashSet<string>(StringComparer.Ordinal)
    {
        "--json", "--help", "-h", "--version", "--matched", "--unmatched",
        "--resolved", "--dismissed",
    };

    /// <summary>Options every API command takes.</summary>
    public static readonly IReadOnlySet<string> ConnectionOptions = new HashSet<string>(StringComparer.Ordinal)
    {
        "--url", "--user", "--password", "--json", "--help", "-h",
    };

    private readonly Dictionary<string, string> values;
    private readonly HashSet<string> flags;

    private CliArguments(IReadOnlyList<string> words, Dictionary<string, string> values, HashSet<string> flags)
    {
        Words = words;
        this.values = values;
        this.flags = flags;
    }

    /// <summary>The words that are not options, in order: <c>transaction show ID</c>.</summary>
    public IReadOnlyList<string> Words { get; }

    public bool Json => Has("--json");

    public bool Help => Has("--help") || Has("-h");

    public static CliArguments Parse(IReadOnlyList<string> args)
    {
        var words = new List<string>();
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var flags = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--")
            {
                words.AddRange(args.Skip(i + 1));
                break;
            }

            if (!arg.StartsWith('-') || arg == "-")
            {
                words.Add(arg);
                continue;
            }

            var equals = arg.IndexOf('=');
            var name = equals > 0 ? arg[..equals] : arg;
            if (ValueOptions.Contains(name))
            {
                string value;
                if (equals > 0)
                {
                    value = arg[(equals + 1)..];
                }
                else if (i + 1 < args.Count)
                {
                    value = args[++i];
                }
                else
                {
                    throw new CliUsageException($"{name} needs a value.");
                }

                if (!values.TryAdd(name, value))
                {
                    throw new CliUsageException($"{name} is given twice.");
                }
            }
            else if (Flags.Contains(name))
            {
                if (equals > 0)
                {
                    throw new CliUsageException($"{name} takes no value.");
                }

                flags.Add(name);
            }
            else
            {
                throw new CliUsageException($"unknown option {name}.");
            }
        }

        return new CliArguments(words, values, flags);
    }

    public bool Has(string option) => flags.Contains(option) || values.ContainsKey(option);

    public string? Value(string option) => values.GetValueOrDefault(option);

    /// <summary>Fails when an option outside <paramref name="allowed"/> (and the connection options) was given.</summary>
    public void Allow(string command, params string[] allowed)
    {
        foreach (var option in values.Keys.Concat(flags))
        {
            if (!ConnectionOptions.Contains(option) && !allowed.Contains(option))
            {
                throw new CliUsageException($"'{command}' does not take {option}.");
            }
        }
    }

    /// <summary>Fails unless exactly <paramref name="count"/> words follow the command's own words.</summary>
    public void ExpectWords(string command, int commandWords, int count, string what)
    {
        var extra = Words.Count - commandWords;
        if (extra < count)
        {
            throw new CliUsageException($"'{command}' needs {what}.");
        }

        if (extra > count)
        {
            throw new CliUsageException($"'{command}' does not take '{Words[commandWords + count]}'.");
        }
    }

    /// <summary><c>--limit N</c> as a number from 1 to 500 (what the API accepts), or null when not given.</summary>
    public int? Limit()
    {
        var text = Value("--limit");
        if (text is null)
        {
            return null;
        }

        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var limit) && limit is >= 1 and <= 500
            ? limit
            : throw new CliUsageException("--limit must be a number from 1 to 500.");
    }
}
