namespace Paycue.Grains.Interfaces;

/// <summary>Where a card's notifications come from.</summary>
[GenerateSerializer, Alias("paycue.card-kind")]
public enum CardKind
{
    /// <summary>Fed by <c>POST /api/sandbox/payments</c>; for trying Paycue out and for tests.</summary>
    Sandbox = 0,

    /// <summary>A real Humo card whose bank bot writes into a Telegram account.</summary>
    Telegram = 1,
}
