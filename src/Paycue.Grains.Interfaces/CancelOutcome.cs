namespace Paycue.Grains.Interfaces;

[GenerateSerializer, Alias("paycue.cancel-outcome")]
public enum CancelOutcome
{
    Cancelled = 0,
    NotFound = 1,
    AlreadyClosed = 2,
}
