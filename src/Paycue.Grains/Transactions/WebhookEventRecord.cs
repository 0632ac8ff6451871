namespace Paycue.Grains.Transactions;

/// <summary>One webhook event and its delivery so far, persisted with the transaction so a crash resumes it.</summary>
public sealed class WebhookEventRecord
{
    public required string EventId { get; set; }

    public required string Action { get; set; }

    public required DateTimeOffset CreatedAt { get; set; }

    public WebhookStatus Status { get; set; } = WebhookStatus.Pending;

    public int Attempts { get; set; }

    /// <summary>Attempts made before the last redelivery; the retry budget counts from here.</summary>
    public int AttemptsBeforeRedelivery { get; set; }

    public DateTimeOffset? NextAttemptAt { get; set; }

    public List<WebhookAttempt> Log { get; set; } = [];

    public WebhookEventView ToView() => new(EventId, Action, Status, Attempts, NextAttemptAt, Log.ToList());
}
