namespace RxAtlas.SampleData.Model;

/// <summary>The dosage forms synthetic presentations come in; each knows how both naming styles spell it.</summary>
internal enum DoseForm
{
    Tablet,
    Capsule,
    OralSolution,
    Inhaler,
    Cream,
    Ointment,
    Gel,
    Injection,
    EyeDrops,
    NasalSpray,
    Device,
}

internal static class DoseForms
{
    /// <summary>Legacy abbreviated style: <c>Atorvastatin_Tab 20mg</c>.</summary>
    public static string Legacy(DoseForm form) => form switch
    {
        DoseForm.Tablet => "Tab",
        DoseForm.Capsule => "Cap",
        DoseForm.OralSolution => "Oral Soln",
        DoseForm.Inhaler => "Inha",
        DoseForm.Cream => "Crm",
        DoseForm.Ointment => "Oint",
        DoseForm.Gel => "Gel",
        DoseForm.Injection => "Inj",
        DoseForm.EyeDrops => "Eye Dps",
        DoseForm.NasalSpray => "Nsl Spy",
        _ => "",
    };

    /// <summary>dm+d style: <c>Atorvastatin 20mg tablets</c>.</summary>
    public static string Dmd(DoseForm form) => form switch
    {
        DoseForm.Tablet => "tablets",
        DoseForm.Capsule => "capsules",
        DoseForm.OralSolution => "oral solution",
        DoseForm.Inhaler => "inhaler",
        DoseForm.Cream => "cream",
        DoseForm.Ointment => "ointment",
        DoseForm.Gel => "gel",
        DoseForm.Injection => "solution for injection",
        DoseForm.EyeDrops => "eye drops",
        DoseForm.NasalSpray => "nasal spray",
        _ => "",
    };

    /// <summary>Strengths offered, in order; a chemical takes a run of consecutive ones.</summary>
    public static string[] Strengths(DoseForm form) => form switch
    {
        DoseForm.Tablet or DoseForm.Capsule => ["1mg", "2mg", "2.5mg", "5mg", "10mg", "20mg", "25mg", "40mg", "50mg", "80mg", "100mg", "200mg", "250mg", "500mg"],
        DoseForm.OralSolution => ["1mg/ml", "2mg/5ml", "5mg/5ml", "10mg/5ml", "25mg/5ml", "50mg/5ml", "125mg/5ml", "250mg/5ml"],
        DoseForm.Inhaler => ["50mcg (200 D)", "100mcg (200 D)", "200mcg (120 D)", "250mcg (120 D)", "400mcg (60 D)"],
        DoseForm.Cream or DoseForm.Ointment or DoseForm.Gel => ["0.05%", "0.1%", "0.5%", "1%", "2%", "5%", "10%"],
        DoseForm.Injection => ["1mg/ml", "10mg/ml", "20mg/ml", "40mg/0.4ml", "100units/ml", "300units/3ml"],
        DoseForm.EyeDrops => ["0.005%", "0.03%", "0.1%", "0.3%", "0.5%", "1%"],
        DoseForm.NasalSpray => ["50mcg/dose", "100mcg/dose", "137mcg/dose"],
        _ => [""],
    };

    /// <summary>Quantity per pack in thousandths of a unit (tablets, ml, g, doses, devices).</summary>
    public static long[] PackQuantitiesMilli(DoseForm form) => form switch
    {
        DoseForm.Tablet or DoseForm.Capsule => [28_000, 28_000, 30_000, 56_000, 84_000, 100_000],
        DoseForm.OralSolution => [100_000, 150_000, 200_000, 300_000, 500_000],
        DoseForm.Inhaler => [1_000, 200_000, 120_000],
        DoseForm.Cream or DoseForm.Ointment or DoseForm.Gel => [15_000, 30_000, 50_000, 100_000, 500_000],
        DoseForm.Injection => [1_000, 5_000, 10_000, 2_500],
        DoseForm.EyeDrops => [2_500, 5_000, 10_000],
        DoseForm.NasalSpray => [1_000, 150_000],
        _ => [1_000, 10_000, 30_000, 50_000, 100_000],
    };

    /// <summary>Median NIC of one pack, in pounds.</summary>
    public static double MedianPackPrice(DoseForm form) => form switch
    {
        DoseForm.Tablet or DoseForm.Capsule => 1.25,
        DoseForm.OralSolution => 3.0,
        DoseForm.Inhaler => 9.5,
        DoseForm.Injection => 8,
        DoseForm.Device => 6,
        _ => 2.3,
    };
}
