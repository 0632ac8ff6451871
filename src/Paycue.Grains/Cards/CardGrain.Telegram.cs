using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Paycue.Grains.Telegram;
using Paycue.Telegram;

namespace Paycue.Grains.Cards;

/// <summary>
/// The Telegram half of a card: the grain owns one <see cref="CardSession"/> while active, mirrors its status into
/// the state and the directory, keeps its sealed snapshot, and stays active (a reminder brings it back on any silo
/// after a crash; a keep-alive timer prevents idle collection). Sandbox cards have none of this.
/// </summary>
public sealed partial class CardGrain
{
    private const string KeepAliveReminder = "telegram-keepalive";
    private static readonly TimeSpan KeepAlivePeriod = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan SnapshotPeriod = TimeSpan.FromMinutes(10);

    private CardSession? session;
    private IGrainTimer? snapshotTimer;

    private bool IsTelegram => state.State.Spec?.Kind == CardKind.Telegram;

    public async Task<LoginResult> StartLoginAsync(string phone) => await LoginStepAsync(s => s.SubmitPhoneAsync(phone));

    public async Task<LoginResult> SubmitLoginCodeAsync(string code) => await LoginStepAsync(s => s.SubmitCodeAsync(code));

    public async Task<LoginResult> SubmitLoginPasswordAsync(string password) => await LoginStepAsync(s => s.SubmitPasswordAsync(password));

    public async Task<LoginResult> SubmitLoginEmailAsync(string email) => await LoginStepAsync(s => s.SubmitEmailAsync(email));

    public async Task<LoginResult> SubmitLoginEmailCodeAsync(string code) => await LoginStepAsync(s => s.SubmitEmailCodeAsync(code));

    /// <summary>Any card, sandbox ones too (see <c>CardGrain.Removal.cs</c>); a Telegram card is logged out on the way.</summary>
    public Task<LoginResult> LogoutAsync(bool force) => RemoveAsync(force, CardRemovedReason);

    /// <summary>The Telegram part of a removal: log out, delete the session files, stop the keep-alive.</summary>
    private async Task EndTelegramAsync()
    {
        if (session is { } current)
        {
            session = null;
            await current.LogOutAsync();
            await current.DisposeAsync();
            await current.ForgetSnapshotAsync();
            await current.ReleaseLeaseAsync();
            await Task.Run(current.DeleteFiles);
        }

        snapshotTimer?.Dispose();
        if (await this.GetReminder(KeepAliveReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }

        LogLoggedOut(CardId);
    }

    public async Task OnSessionStatusAsync(string status, string? reason)
    {
        if (!IsTelegram || session is null)
        {
            return; // A late report from a session that was closed or logged out.
        }

        if (status is not (CardStatus.Ready or CardStatus.Error) && status != CardSession.ToCardStatus(session.State.Status))
        {
            // Overtaken: the session has moved on to another login step since (the step saved the newer status
            // itself), and an older step must not come back. Ready and errors always count: reports are in order,
            // and an error may not show in the login's own state.
            return;
        }

        if (status == CardStatus.Ready && session.State.Status == TelegramLoginStatus.Ready)
        {
            await SnapshotAsync();
        }

        await SetStatusAsync(status, reason);
    }

    /// <summary>The session was ended from outside: its snapshot is dead, so it goes (durably) before anything else.</summary>
    public async Task OnSessionEndedAsync(string reason)
    {
        if (!IsTelegram || session is null)
        {
            return;
        }

        state.State.SessionSnapshot = null;
        await SetStatusAsync(CardStatus.LoginRequired, reason);
    }

    public async Task OnFeedStateAsync(bool live)
    {
        if (live && IsAccount && session is not null)
        {
            await TrustFoundBankBotsAsync();
        }

        await SetFeedLiveAsync(live);
        await PushToHostedAsync();
    }

    public async Task OnBotChatFoundAsync(long botUserId, long chatId)
    {
        if (!IsTelegram || session is null || state.State.BotChats.GetValueOrDefault(botUserId) == chatId)
        {
            return;
        }

        state.State.BotChats[botUserId] = chatId;
        await state.WriteStateAsync();
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => reminderName == ExpiryReminder
        ? RunExclusiveAsync(async () =>
        {
            // Exclusive with creates (the call filter already made it so; this holds even if a tick ever bypassed it):
            // the reminder is unregistered only when no create is on its way.
            await OnExpiryReminderAsync();
            return true;
        })
        : Task.CompletedTask; // The keep-alive: being called is the point, it re-activates the card on a live silo after a crash.

    private async Task StartTelegramAsync()
    {
        if (!IsAccount || session is not null)
        {
            return;
        }

        if (CardSession.MissingSetting(options) is { } missing)
        {
            LogCannotStart(CardId, missing);
            await SetStatusAsync(CardStatus.Error, missing);
            return;
        }

        // A card registered before RegisteredAt existed and with nothing processed yet counts as registered now (saved below).
        state.State.RegisteredAt ??= state.State.LastMessageId == 0 ? clock.GetUtcNow() : null;

        // Not ready until this activation's TDLib says so: no transactions go to a card nobody is listening for.
        await SetStatusAsync(CardStatus.Connecting, null);
        session = new CardSession(CardId, options, sessions, this.AsReference<ICardGrain>(), logger);
        session.WatchBanks(BankBots());
        _ = session.StartAsync(state.State.SessionSnapshot, state.State.LastMessageId, state.State.RegisteredAt, state.State.BotChats);
        await this.RegisterOrUpdateReminder(KeepAliveReminder, KeepAlivePeriod, KeepAlivePeriod);
        snapshotTimer = this.RegisterGrainTimer(
            SnapshotTickAsync,
            new GrainTimerCreationOptions { DueTime = SnapshotPeriod, Period = SnapshotPeriod, KeepAlive = true });
    }

    private async Task StopTelegramAsync()
    {
        if (session is not { } current)
        {
            return;
        }

        session = null;
        snapshotTimer?.Dispose();
        // Any state TDLib reached is worth keeping (a login waiting for its code survives a move too); a client that
        // never opened its database has nothing to keep.
        var opened = current.State.Status is not (TelegramLoginStatus.Connecting or TelegramLoginStatus.Error
            or TelegramLoginStatus.LoggingOut or TelegramLoginStatus.Closing or TelegramLoginStatus.Closed);
        await current.DisposeAsync();
        try
        {
            if (opened)
            {
                // After closing, so the snapshot holds everything TDLib flushed; saved through the lease, still held.
                state.State.SessionSnapshot = await current.SnapshotAsync();
                await state.WriteStateAsync();
            }
        }
        catch (Exception ex) when (ex is SessionSnapshotException or IOException)
        {
            LogSnapshotFailed(CardId, ex.Message);
        }
        finally
        {
            await current.ReleaseLeaseAsync();
        }
    }

    private async Task SnapshotTickAsync(CancellationToken cancellationToken)
    {
        if (session?.State.Status == TelegramLoginStatus.Ready)
        {
            await SnapshotAsync();
            await state.WriteStateAsync();
        }
    }

    private async Task SnapshotAsync()
    {
        try
        {
            state.State.SessionSnapshot = await session!.SnapshotAsync();
        }
        catch (Exception ex) when (ex is SessionSnapshotException or IOException)
        {
            LogSnapshotFailed(CardId, ex.Message);
        }
    }

    private async Task<LoginResult> LoginStepAsync(Func<CardSession, Task<TelegramLoginState>> step)
    {
        if (IsHosted)
        {
            return new LoginResult(state.State.Status, $"Card {CardId} is on account {state.State.Spec!.Account}; log in there.", LoginFailure.NotTelegram);
        }

        if (!IsTelegram)
        {
            return new LoginResult(state.State.Status, "This is not a registered Telegram card.", LoginFailure.NotTelegram);
        }

        if (session is null)
        {
            return new LoginResult(state.State.Status, state.State.StatusReason ?? "The Telegram session is not running.", LoginFailure.Refused);
        }

        try
        {
            var next = await step(session);
            var status = CardSession.ToCardStatus(next.Status);
            if (status == CardStatus.Ready)
            {
                await SnapshotAsync();
            }

            await SetStatusAsync(status, next.Reason);
            return new LoginResult(status, next.Reason, LoginFailure.None);
        }
        catch (TelegramUnreachableException ex)
        {
            return new LoginResult(state.State.Status, ex.Reason, LoginFailure.Unreachable);
        }
        catch (TelegramLoginException ex)
        {
            return new LoginResult(state.State.Status, ex.Reason, LoginFailure.Refused);
        }
        catch (InvalidOperationException ex)
        {
            // Another step of this login is still running (two requests at once).
            return new LoginResult(state.State.Status, ex.Message, LoginFailure.Refused);
        }
    }

    private async Task SetStatusAsync(string status, string? reason)
    {
        if (state.State.Status == status && state.State.StatusReason == reason)
        {
            await state.WriteStateAsync();
            return;
        }

        state.State.Status = status;
        state.State.StatusReason = reason;
        RefreshDirect();
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<ICardDirectoryGrain>(0).UpsertAsync(state.State.Spec!, status);
        await AlertStatusAsync(status, reason);
        LogStatus(CardId, status);

        // Not awaited: this may run in the account's activation, which a hosted card's activation waits for. Each
        // push is a whole, versioned view, so one overtaken by a later one is dropped; the feed pushes are awaited.
        PushToHostedAsync().Ignore();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Card {CardId}: Telegram status {Status}.")]
    private partial void LogStatus(string cardId, string status);

    [LoggerMessage(Level = LogLevel.Error, Message = "Card {CardId}: the Telegram session cannot start: {Reason}")]
    private partial void LogCannotStart(string cardId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Card {CardId}: the session snapshot failed: {Reason}")]
    private partial void LogSnapshotFailed(string cardId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Card {CardId}: logged out, session deleted.")]
    private partial void LogLoggedOut(string cardId);
}
