using Paycue.Telegram;

namespace Paycue.Grains.Telegram;

/// <summary>
/// Where a card's TDLib client comes from. The real one (<see cref="TdlibSessionFactory"/>) takes clients from the
/// process's single <see cref="TdReceiveLoop"/>; tests put scripted clients here.
/// </summary>
public interface ITelegramSessionFactory
{
    /// <summary>A new, not yet started client for one card.</summary>
    ITdClient CreateClient(string cardId);

    /// <summary>Closes a client made here, so TDLib flushes its database before the directory is packed or deleted.</summary>
    Task CloseAsync(ITdClient client, TimeSpan timeout);

    /// <summary>Where a session takes its account's lease before its client starts (one live client per account).</summary>
    ISessionLeases Leases => MemorySessionLeases.Process;

    /// <summary>How a card's session retries; tests shorten it.</summary>
    CardSessionRetries Retries => CardSessionRetries.Default;
}
