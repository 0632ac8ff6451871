using System.Text;

namespace Paycue.Gateway.Cli;

/// <summary>Reading what an operator types at the terminal.</summary>
public static class TerminalInput
{
    /// <summary>A line typed without echo (login codes, passwords): nothing of it reaches the screen or a log.</summary>
    public static string ReadHidden(TextWriter output)
    {
        var text = new StringBuilder();
        for (var key = Console.ReadKey(intercept: true); key.Key != ConsoleKey.Enter; key = Console.ReadKey(intercept: true))
        {
            if (key.Key == ConsoleKey.Backspace && text.Length > 0)
            {
                text.Length--;
            }
            else if (!char.IsControl(key.KeyChar))
            {
                text.Append(key.KeyChar);
            }
        }

        output.WriteLine();
        return text.ToString();
    }
}
