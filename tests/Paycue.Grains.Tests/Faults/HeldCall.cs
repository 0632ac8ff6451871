namespace Paycue.Grains.Tests.Faults;

/// <summary>A store call that a test holds in flight (see <see cref="FaultPlan.HoldNext"/>): it knows when the call arrived and lets it go on.</summary>
public sealed class HeldCall
{
    private readonly TaskCompletionSource reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the held call has arrived and is waiting.</summary>
    public Task Reached => reached.Task;

    public void Release() => released.TrySetResult();

    internal Task WaitAsync()
    {
        reached.TrySetResult();
        return released.Task;
    }
}
