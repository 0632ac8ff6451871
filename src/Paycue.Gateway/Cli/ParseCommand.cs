using Paycue.Grains.BankMessages;

namespace Paycue.Gateway.Cli;

/// <summary>
/// <c>paycue parse [FILE]</c>: prints how Paycue reads each bank-bot message, one JSON line per message, so an
/// operator can answer "why was this payment not matched?" without a running service.
/// </summary>
public static class ParseCommand
{
    public static int Run(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length > 2)
        {
            stderr.WriteLine("usage: paycue parse [FILE]   (reads standard input without FILE; messages separated by lines of -----)");
            return 2;
        }

        TextReader input;
        if (args.Length == 2 && args[1] != "-")
        {
            if (!File.Exists(args[1]))
            {
                stderr.WriteLine($"paycue parse: no such file: {args[1]}");
                return 2;
            }

            input = new StreamReader(args[1]);
        }
        else
        {
            input = stdin;
        }

        using (input)
        {
            foreach (var message in BankMessageFile.Split(input))
            {
                stdout.WriteLine(BankMessageFile.ToJsonLine(BankMessageParser.Parse(message)));
            }
        }

        return 0;
    }
}
