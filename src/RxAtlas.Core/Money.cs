namespace RxAtlas.Core;

/// <summary>The fixed scales at which measures are stored and summed, as integers, end to end.</summary>
/// <remarks>
/// Sources publish NIC with 2 decimal places (pence), EPD's actual cost with 5 and quantities with up to 3.
/// Each measure is held as a <see cref="long"/> count of its smallest unit; nothing is ever a float until display.
/// </remarks>
public static class Scale
{
    /// <summary>Decimal places kept for net ingredient cost: integer pence.</summary>
    public const int NicDigits = 2;

    /// <summary>Decimal places kept for actual cost: EPD publishes 5 (£0.00001).</summary>
    public const int ActualCostDigits = 5;

    /// <summary>Decimal places kept for quantity (EPD and late PDPI files have fractional quantities).</summary>
    public const int QuantityDigits = 3;

    public const long NicPerPound = 100;
    public const long ActualCostPerPound = 100_000;
    public const long QuantityPerUnit = 1_000;
}
