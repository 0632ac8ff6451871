namespace Paycue.Gateway.Cli;

/// <summary>
/// Columns padded to their widest cell, two spaces apart; numeric columns right-aligned so amounts line up. The last
/// column is not padded, so lines carry no trailing blanks.
/// </summary>
public sealed class TextTable
{
    private readonly string[] headers;
    private readonly bool[] rightAligned;
    private readonly List<string[]> rows = [];

    /// <param name="columns">Header names; a name ending in <c>&gt;</c> is right-aligned (the marker is not printed).</param>
    public TextTable(params string[] columns)
    {
        rightAligned = columns.Select(c => c.EndsWith('>')).ToArray();
        headers = columns.Select(c => c.TrimEnd('>')).ToArray();
    }

    public int Count => rows.Count;

    public void Add(params string?[] cells)
    {
        if (cells.Length != headers.Length)
        {
            throw new ArgumentException($"A row needs {headers.Length} cells, got {cells.Length}.", nameof(cells));
        }

        rows.Add(cells.Select(c => string.IsNullOrEmpty(c) ? "-" : c).ToArray());
    }

    public void WriteTo(TextWriter output)
    {
        var widths = headers.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        WriteLine(output, headers, widths);
        foreach (var row in rows)
        {
            WriteLine(output, row, widths);
        }
    }

    private void WriteLine(TextWriter output, string[] cells, int[] widths)
    {
        var parts = cells.Select((cell, i) => rightAligned[i] ? cell.PadLeft(widths[i]) : i == cells.Length - 1 ? cell : cell.PadRight(widths[i]));
        output.WriteLine(string.Join("  ", parts).TrimEnd());
    }
}
