// Test classes each start their own Orleans silo; running them one at a time keeps the 2-core CI machine from
// starving silo start-up and reminder ticks.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
