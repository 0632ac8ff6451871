using System.Collections.Concurrent;

namespace Paycue.Grains.Tests.Telegram;

/// <summary>
/// Records the calls a card's session makes on it (<c>OnBankMessageAsync</c>, <c>OnFeedStateAsync</c>), in the order
/// the card received them, and fails chosen ones before they reach the card, as a silo under trouble would.
/// </summary>
public sealed class CardCalls : IIncomingGrainCallFilter
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<object>> _calls = new();
    private readonly ConcurrentDictionary<string, int> _bankMessageFailures = new();
    private readonly ConcurrentDictionary<string, Func<string, bool>> _statusFailures = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<string>> _statuses = new();

    /// <summary>The messages handed to this card (each attempt, failed ones included) and its feed states, in order.</summary>
    public IReadOnlyList<object> Of(string cardId) => _calls.TryGetValue(cardId, out var calls) ? calls.ToList() : [];

    public IReadOnlyList<bool> FeedStates(string cardId) => Of(cardId).OfType<bool>().ToList();

    public IReadOnlyList<BankMessage> BankMessages(string cardId) => Of(cardId).OfType<BankMessage>().ToList();

    /// <summary>The next <paramref name="times"/> <c>OnBankMessageAsync</c> calls on this card throw before reaching it.</summary>
    public void FailBankMessages(string cardId, int times) => _bankMessageFailures[cardId] = times;

    /// <summary>Each <c>OnSessionStatusAsync</c> call on this card whose status <paramref name="fails"/> picks throws before reaching it (null: none).</summary>
    public void FailSessionStatuses(string cardId, Func<string, bool>? fails)
    {
        if (fails is null)
        {
            _statusFailures.TryRemove(cardId, out _);
        }
        else
        {
            _statusFailures[cardId] = fails;
        }
    }

    /// <summary>The statuses the session reported to this card and the card received, in order.</summary>
    public IReadOnlyList<string> SessionStatuses(string cardId) => _statuses.TryGetValue(cardId, out var statuses) ? statuses.ToList() : [];

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.Grain is ICardGrain && context.TargetId.Key.ToString() is { } cardId)
        {
            var calls = _calls.GetOrAdd(cardId, _ => new ConcurrentQueue<object>());
            switch (context.InterfaceMethod?.Name)
            {
                case nameof(ICardGrain.OnBankMessageAsync):
                    calls.Enqueue(context.Request.GetArgument(0)!);
                    if (_bankMessageFailures.TryGetValue(cardId, out var left) && left > 0)
                    {
                        _bankMessageFailures[cardId] = left - 1;
                        throw new TimeoutException("Injected: the card did not answer.");
                    }

                    break;
                case nameof(ICardGrain.OnSessionStatusAsync):
                    var status = (string)context.Request.GetArgument(0)!;
                    if (_statusFailures.TryGetValue(cardId, out var fails) && fails(status))
                    {
                        throw new TimeoutException("Injected: the card did not answer.");
                    }

                    _statuses.GetOrAdd(cardId, _ => new ConcurrentQueue<string>()).Enqueue(status);
                    break;
                case nameof(ICardGrain.OnFeedStateAsync):
                    calls.Enqueue(context.Request.GetArgument(0)!);
                    break;
            }
        }

        await context.Invoke();
    }
}
