using Microsoft.Extensions.Logging;
using Paycue.Grains.Cards;
using Paycue.Grains.Configuration;

namespace Paycue.Grains.Hosting;

/// <summary>
/// The cards a silo registers (or removes) at start-up. Sandbox cards never sit beside a live shop's cards: with
/// SANDBOX=false, sandbox cards left in storage by an earlier sandbox run are removed, their open transactions
/// cancelled (<c>sandbox_off</c>); with SANDBOX=true, a service that already has a Telegram card refuses to start.
/// </summary>
public static partial class StartupCards
{
    /// <summary>
    /// Registers the start-up cards, again after a storage conflict: another activation of a card (a stale one during
    /// a membership change, or another process of the same service) may have written its state between this
    /// activation's read and write. Orleans then deactivates the card, and the next call reads the newer state.
    /// Registration is idempotent, so trying again is safe; a process that gave up here would not start at all.
    /// </summary>
    public static async Task RegisterAsync(IGrainFactory grains, PaycueOptions options, ILogger logger)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await RegisterOnceAsync(grains, options, logger);
                return;
            }
            catch (Exception e) when (attempt < 5 && IsStorageConflict(e))
            {
                LogConflict(logger, attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(500 * attempt));
            }
        }
    }

    private static bool IsStorageConflict(Exception e) =>
        e is Orleans.Storage.InconsistentStateException || (e.InnerException is { } inner && IsStorageConflict(inner));

    private static async Task RegisterOnceAsync(IGrainFactory grains, PaycueOptions options, ILogger logger)
    {
        var listed = await grains.GetGrain<ICardDirectoryGrain>(0).ListAsync();
        if (options.Sandbox)
        {
            var telegram = listed.Where(c => c.Spec.Kind == CardKind.Telegram).Select(c => c.Spec.CardId).ToList();
            if (telegram.Count > 0)
            {
                // Sandbox cards take orders like real ones: beside a live card they would show payers a fake number.
                throw new PaycueConfigException($"SANDBOX: this service ({options.ServiceId}) has the Telegram card{(telegram.Count > 1 ? "s" : "")} {string.Join(", ", telegram)}, "
                    + "so it is a live shop, and sandbox cards would take its real orders. Set SANDBOX=false, or run the sandbox with its own SERVICE_ID.");
            }

            foreach (var spec in options.SandboxCardSpecs())
            {
                await grains.GetGrain<ICardGrain>(spec.CardId).RegisterAsync(spec);
            }
        }
        else
        {
            foreach (var sandbox in listed.Where(c => c.Spec.Kind == CardKind.Sandbox))
            {
                await grains.GetGrain<ICardGrain>(sandbox.Spec.CardId).UnregisterAsync(CardGrain.SandboxOffReason);
                LogSandboxCardRemoved(logger, sandbox.Spec.CardId);
            }
        }

        // The .env account (TG_PHONE): its card id comes from the phone, so silos naming one phone share one card.
        // CARDS: the first card is the account's own, the others are added to it (idempotent, so every silo may).
        var cards = options.TelegramCardSpecs();
        if (cards.Count > 0)
        {
            var account = grains.GetGrain<ICardGrain>(cards[0].CardId);
            await account.RegisterAsync(cards[0]);
            foreach (var further in cards.Skip(1))
            {
                var added = await account.AddCardAsync(further);
                if (!added.Succeeded)
                {
                    throw new PaycueConfigException($"CARDS: {further.BankName} *{further.Last4} could not be added to the account: {added.Reason}");
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Start-up cards: another activation wrote a card's state meanwhile (attempt {Attempt}); registering again on the newer state.")]
    private static partial void LogConflict(ILogger logger, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SANDBOX is false: sandbox card {CardId} was removed and its open transactions cancelled (sandbox_off).")]
    private static partial void LogSandboxCardRemoved(ILogger logger, string cardId);
}
