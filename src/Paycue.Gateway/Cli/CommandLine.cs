using System.Reflection;
using Paycue.Grains.Configuration;

namespace Paycue.Gateway.Cli;

/// <summary>
/// The operator commands of the <c>paycue</c> program. <c>Program</c> asks <see cref="IsCommand"/> first: a command
/// runs here and exits; anything else (no arguments, or configuration such as <c>--PORT=10900</c>) starts the service.
/// </summary>
public static class CommandLine
{
    public static string Version { get; } =
        typeof(CommandLine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>
    /// True when the arguments name a command. The first argument that is not a connection option decides: a bare word
    /// (known or not: <c>paycue transactoin</c> deserves a usage error, not a service start), <c>--help</c> or
    /// <c>--version</c>. Service configuration always starts with <c>-</c> or holds <c>=</c>, so it never looks like a command.
    /// </summary>
    public static bool IsCommand(IReadOnlyList<string> args)
    {
        var connectionOptions = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            var name = arg.Split('=', 2)[0];
            if (name is "--url" or "--user" or "--password")
            {
                connectionOptions = true;
                i += arg.Contains('=') ? 0 : 1;
                continue;
            }

            if (arg == "--json")
            {
                connectionOptions = true;
                continue;
            }

            return arg is "--help" or "-h" or "--version" || (!arg.StartsWith('-') && !arg.Contains('='));
        }

        // Only connection options and no command: a usage error is more helpful than a service start.
        return connectionOptions;
    }

    public static async Task<int> RunAsync(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr,
        Func<string, string?>? environment = null, string? workingDirectory = null, bool? interactive = null, HttpMessageHandler? apiHandler = null)
    {
        if (args is ["parse", "--help" or "-h"])
        {
            stdout.WriteLine(HelpText.For(["parse"]));
            return ExitCodes.Ok;
        }

        if (args is ["parse", ..])
        {
            return ParseCommand.Run(args, stdin, stdout, stderr);
        }

        // Someone can type answers only when standard input is this process's own terminal (tests say so themselves).
        var context = new CliContext(stdout, stderr, environment ?? Environment.GetEnvironmentVariable, workingDirectory ?? Directory.GetCurrentDirectory(),
            stdin, interactive ?? (ReferenceEquals(stdin, Console.In) && !Console.IsInputRedirected), apiHandler);
        CliArguments? arguments = null;
        try
        {
            arguments = CliArguments.Parse(args);
            return await DispatchAsync(arguments, context);
        }
        catch (CliUsageException e)
        {
            stderr.WriteLine($"paycue: {e.Message}");
            stderr.WriteLine(HelpText.UsageLine(arguments?.Words ?? args.TakeWhile(a => !a.StartsWith('-')).ToList()));
            return ExitCodes.Usage;
        }
        catch (PaycueConfigException e)
        {
            stderr.WriteLine($"paycue: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (ServiceUnreachableException e)
        {
            stderr.WriteLine($"paycue: {e.Message}");
            return ExitCodes.Unreachable;
        }
    }

    private static Task<int> DispatchAsync(CliArguments arguments, CliContext context)
    {
        var words = arguments.Words;
        if (arguments.Has("--version"))
        {
            if (words.Count > 0)
            {
                throw new CliUsageException("--version takes no command.");
            }

            context.Out.WriteLine($"paycue {Version}");
            return Task.FromResult(ExitCodes.Ok);
        }

        if (words is ["help", ..])
        {
            return Task.FromResult(PrintHelp(words.Skip(1).ToList(), context));
        }

        if (arguments.Help)
        {
            return Task.FromResult(PrintHelp(words, context));
        }

        return words switch
        {
            [] => throw new CliUsageException("no command given."),
            ["transaction", ..] => TransactionCommand.RunAsync(arguments, context),
            ["cards", ..] => CardsCommand.RunAsync(arguments, context),
            ["card", ..] => CardCommand.RunAsync(arguments, context),
            ["payments", ..] => PaymentsCommand.RunAsync(arguments, context),
            ["alerts", ..] => AlertsCommand.RunAsync(arguments, context),
            ["export", ..] => ExportCommand.RunAsync(arguments, context),
            ["webhooks", ..] => ExportCommand.WebhooksAsync(arguments, context),
            [var other, ..] => throw new CliUsageException($"unknown command '{other}'."),
        };
    }

    private static int PrintHelp(IReadOnlyList<string> topic, CliContext context)
    {
        var text = topic.Count == 0 ? HelpText.General : HelpText.For(topic) ?? throw new CliUsageException($"unknown command '{topic[0]}'.");
        context.Out.WriteLine(text);
        return ExitCodes.Ok;
    }
}
