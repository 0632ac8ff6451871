using System.Text.RegularExpressions;

namespace Paycue.Gateway.Endpoints;

public static partial class CardIds
{
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")]
    private static partial Regex Pattern();

    public static bool IsWellFormed(string id) => Pattern().IsMatch(id);
}
