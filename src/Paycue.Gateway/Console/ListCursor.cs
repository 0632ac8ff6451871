using System.Globalization;

// Not Paycue.Gateway.Console: that namespace would shadow System.Console in every Paycue.Gateway.* file.
namespace Paycue.Gateway.MerchantConsole;

/// <summary>
/// A place in a time index of the ledger (payments by received time, deliveries by last change): the row's Unix
/// millisecond (the index's score) and its id, which orders rows of one millisecond (descending, ordinal, as Redis
/// orders equal scores and the memory store does too). In a URL as <c>{ms}-{id}</c>.
/// </summary>
public sealed record ListCursor(long Ms, string Id)
{
    private const int MaxIdLength = 200;

    /// <summary>The index's exclusive upper bound: the rest of this millisecond, unless <see cref="Id"/> is empty (past the whole millisecond).</summary>
    public DateTimeOffset Before => DateTimeOffset.FromUnixTimeMilliseconds(Id.Length == 0 ? Ms : Ms + 1);

    public static ListCursor Of(DateTimeOffset at, string id) => new(at.ToUnixTimeMilliseconds(), id);

    /// <summary>Comes after <paramref name="cursor"/> in newest-first order.</summary>
    public bool IsOlderThan(ListCursor cursor) => Ms < cursor.Ms || (Ms == cursor.Ms && cursor.Id.Length > 0 && string.CompareOrdinal(Id, cursor.Id) < 0);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Ms}-{Id}");

    public static ListCursor? Parse(string? text)
    {
        var dash = text?.IndexOf('-', StringComparison.Ordinal) ?? -1;
        return dash > 0 && long.TryParse(text![..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            && text[(dash + 1)..] is { Length: <= MaxIdLength } id && !id.Any(char.IsControl)
            ? new ListCursor(ms, id)
            : null;
    }

    /// <summary>
    /// One newest-first page of at most <paramref name="size"/> rows after <paramref name="cursor"/>: batches of the
    /// index from the cursor's millisecond on (never an offset), and the cursor of the page's last row when older
    /// rows remain.
    /// </summary>
    public static async Task<(IReadOnlyList<T> Rows, ListCursor? Next)> PageAsync<T>(
        Func<DateTimeOffset?, int, Task<IReadOnlyList<T>>> fetch, Func<T, ListCursor> key, ListCursor? cursor, int size)
    {
        var batchSize = Math.Max(size + 1, 100);
        var rows = new List<(T Row, ListCursor Key)>();
        var position = cursor;
        while (rows.Count <= size)
        {
            var batch = await fetch(position?.Before, batchSize);
            var fresh = batch.Select(r => (Row: r, Key: key(r))).Where(r => position is null || r.Key.IsOlderThan(position))
                .OrderByDescending(r => r.Key.Ms).ThenByDescending(r => r.Key.Id, StringComparer.Ordinal).ToList();
            rows.AddRange(fresh.Take(size + 1 - rows.Count));
            if (batch.Count < batchSize)
            {
                break;
            }

            // A full batch: go on from its oldest row, or past its millisecond when it was all one (already seen) millisecond.
            position = fresh.Count > 0 ? fresh[^1].Key : new ListCursor(position!.Ms, "");
        }

        return rows.Count > size
            ? (rows.Take(size).Select(r => r.Row).ToList(), rows[size - 1].Key)
            : (rows.Select(r => r.Row).ToList(), null);
    }
}
