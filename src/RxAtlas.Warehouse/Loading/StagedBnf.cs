using RxAtlas.Core;

namespace RxAtlas.Warehouse.Loading;

/// <summary>One row for <see cref="StagingTables.Bnf"/>: the record (level codes already derived where missing), and its new
/// key when the code is new to the dimension.</summary>
public sealed record StagedBnf(BnfRecord Record, int? NewKey);
