namespace Paycue.Grains.Cards;

public sealed class CardDirectoryState
{
    public Dictionary<string, CardDirectoryEntry> Cards { get; set; } = [];
}
