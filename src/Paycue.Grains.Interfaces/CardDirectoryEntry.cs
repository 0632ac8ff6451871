namespace Paycue.Grains.Interfaces;

[GenerateSerializer, Immutable, Alias("paycue.card-directory-entry")]
public sealed record CardDirectoryEntry(CardSpec Spec, string Status);
