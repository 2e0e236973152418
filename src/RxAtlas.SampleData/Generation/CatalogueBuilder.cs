using System.Globalization;
using RxAtlas.SampleData.Model;

namespace RxAtlas.SampleData.Generation;

/// <summary>Builds the synthetic BNF catalogue: real chapters and sections, real and invented chemicals, plausible
/// presentations with codes in the real structure (15 characters, 11 for appliances).</summary>
internal static class CatalogueBuilder
{
    private static readonly string[] Syllables = ["al", "bre", "cor", "dex", "el", "fen", "gal", "hal", "ir", "lo", "mer", "nor", "ox", "pra", "quin", "ro", "sel", "tri", "val", "zen", "cam", "dap", "eto", "fla"];
    private static readonly string[] Joins = ["a", "e", "i", "o", "ava", "ex", "ida", "ola", "u"];
    private static readonly string[] Endings = ["ine", "ate", "ide", "ol", "an", "one", "ium"];
    private static readonly string[] BrandEnds = ["ex", "on", "ix", "a", "ol", "ra", "yn"];
    private static readonly string[] ParagraphKinds = ["Oral preparations", "Compound preparations", "Modified-release preparations", "Other preparations"];
    private const string CodeLetters = "ABCDEFGHIJKLMNPQRSTUVWXYZ";

    /// <summary>Builds about <paramref name="targetPresentations"/> presentations, sorted by code.</summary>
    public static IReadOnlyList<Presentation> Build(int seed, int targetPresentations)
    {
        var rng = SampleRandom.For(seed, "catalogue");
        var sections = BnfStructure.Sections;
        var totalWeight = sections.Sum(s => Math.Sqrt(s.Weight));
        var chemicalTarget = Math.Max(sections.Count, targetPresentations / 3.2);
        var result = new List<Presentation>(targetPresentations + 64);
        var snomed = 30_000;
        foreach (var section in sections)
        {
            var chemicalCount = Math.Max(1, (int)Math.Round(chemicalTarget * Math.Sqrt(section.Weight) / totalWeight));
            if (section.IsAppliance) AddAppliances(rng, section, chemicalCount, result, ref snomed);
            else AddDrugs(rng, section, chemicalCount, result, ref snomed);
        }
        var max = result.Max(p => p.Popularity);
        result.Sort((a, b) => string.CompareOrdinal(a.Code, b.Code));
        // Leave ~1.5% of codes out of the BNF code file, as old months reference codes later withdrawn.
        var missing = Math.Max(1, result.Count / 66);
        var stride = result.Count / missing;
        for (var i = 0; i < result.Count; i++)
        {
            var p = result[i];
            var leaveOut = i % stride == stride / 2 && missing-- > 0;
            result[i] = p with { Popularity = p.Popularity / max, InCodeFile = !leaveOut };
        }
        return result;
    }

    private static void AddDrugs(SampleRandom rng, BnfSectionSpec section, int chemicalCount, List<Presentation> output, ref int snomed)
    {
        var paragraphs = chemicalCount >= 6 ? 1 + rng.Next(3) : 1;
        var letters = 0;
        for (var c = 0; c < chemicalCount; c++)
        {
            var paragraph = paragraphs == 1 ? 0 : 1 + c % paragraphs;
            var paragraphCode = section.Code + paragraph.ToString("D2", CultureInfo.InvariantCulture);
            var paragraphName = paragraphs == 1 ? section.Name : section.Name + " - " + ParagraphKinds[(paragraph - 1) % ParagraphKinds.Length];
            var subparagraphCode = paragraphCode + "0";
            letters += 1 + (rng.Chance(0.3) ? 1 : 0);
            var chemicalCode = subparagraphCode + ChemicalSuffix(letters);
            var isReal = c < section.Chemicals.Length;
            var name = isReal ? section.Chemicals[c] : InventName(rng, section.Stem);
            var chemical = new Chemical(chemicalCode, name, subparagraphCode, paragraphName, paragraphCode, paragraphName, section);
            var chemicalPopularity = section.Weight / chemicalCount * rng.NextLogNormal(1, 1.0) * (isReal ? 3 - 1.5 * c / Math.Max(1, section.Chemicals.Length) : 0.6);
            var form = section.Forms[rng.Next(section.Forms.Length)];
            var strengths = DoseForms.Strengths(form);
            var strengthCount = 1 + rng.Next(Math.Min(4, strengths.Length));
            var firstStrength = rng.Next(strengths.Length - strengthCount + 1);
            var packPrice = rng.NextLogNormal(DoseForms.MedianPackPrice(form), 1.1) * 100;
            var packs = DoseForms.PackQuantitiesMilli(form);
            var adq = 25 * (1 + rng.Next(8));
            var brands = rng.Chance(0.35) ? 1 + rng.Next(2) : 0;
            for (var s = 0; s < strengthCount; s++)
            {
                var strength = strengths[firstStrength + s];
                var strengthCode = "A" + CodeLetters[Math.Min(CodeLetters.Length - 1, firstStrength + s)];
                var pack = packs[rng.Next(packs.Length)];
                var price = packPrice * (1 + 0.6 * s) * rng.NextLogNormal(1, 0.15);
                var share = rng.NextLogNormal(1, 0.8) / (1 + s);
                var generic = MakeDrug(chemical, "AA", strengthCode, name, name, form, strength, pack, price, chemicalPopularity * share, adq, ref snomed);
                output.Add(generic);
                for (var b = 0; b < brands; b++)
                {
                    var brand = InventBrand(rng);
                    var productCode = "B" + CodeLetters[1 + b];
                    output.Add(MakeDrug(chemical, productCode, strengthCode, brand, name, form, strength, pack, price * rng.NextLogNormal(4, 0.5), chemicalPopularity * share * 0.15, adq, ref snomed));
                }
            }
        }
    }

    private static Presentation MakeDrug(Chemical chemical, string productCode, string strengthCode, string productName, string chemicalName,
        DoseForm form, string strength, long pack, double pricePence, double popularity, int adq, ref int snomed)
    {
        var code = chemical.Code + productCode + strengthCode + strengthCode;
        var legacyProduct = Abbreviate(productName);
        var legacy = legacyProduct + "_" + DoseForms.Legacy(form) + " " + strength;
        var dmdName = productName == chemicalName
            ? $"{chemicalName} {strength} {DoseForms.Dmd(form)}"
            : $"{productName} {strength} {DoseForms.Dmd(form)}";
        snomed += 1 + (int)(SampleRandom.StableHash(code) % 7);
        return new Presentation(code, chemical.Code + productCode, legacyProduct, productName, legacy, dmdName.Trim(), chemical, popularity,
            pack, Math.Max(1, pricePence), true, Snomed(snomed), adq);
    }

    private static void AddAppliances(SampleRandom rng, BnfSectionSpec section, int count, List<Presentation> output, ref int snomed)
    {
        var paragraphCode = section.Code + (rng.Chance(0.5) ? "10" : "00");
        var subparagraphCode = paragraphCode + "0";
        var chemical = new Chemical(subparagraphCode + "00", section.Name, subparagraphCode, section.Name, paragraphCode, section.Name, section);
        var number = 1 + rng.Next(20);
        for (var i = 0; i < Math.Max(2, count * 2); i++)
        {
            number += 1 + rng.Next(40);
            var code = subparagraphCode + number.ToString("D4", CultureInfo.InvariantCulture);
            var name = ApplianceName(rng, section.Code);
            var pack = DoseForms.PackQuantitiesMilli(DoseForm.Device)[rng.Next(5)];
            snomed += 1 + rng.Next(7);
            output.Add(new Presentation(code, code, name, name, name, name, chemical, section.Weight / count * rng.NextLogNormal(0.5, 1.0),
                pack, rng.NextLogNormal(DoseForms.MedianPackPrice(DoseForm.Device), 1.0) * 100 * Math.Max(1, pack / 10_000.0), true, Snomed(snomed), 0));
        }
    }

    private static string ApplianceName(SampleRandom rng, string section)
    {
        var brand = InventBrand(rng);
        var size = (5 + 5 * rng.Next(8)).ToString(CultureInfo.InvariantCulture);
        return section switch
        {
            "2001" => $"Absorbent Cotton BP {size}0g",
            "2002" => $"{brand} Crepe Bandage {size}cm x 4.5m",
            "2003" => $"{brand} Dressing {size}cm x {size}cm",
            "2101" => $"{brand} Foley Catheter {size}Ch",
            "2104" => $"{brand} Class {1 + rng.Next(3)} Below Knee Stocking",
            "2112" => $"{brand} Lancets {28 + rng.Next(6)}G",
            "2148" => $"{brand} Blood Glucose Testing Strips",
            "2201" => $"{brand} Sheath {size}mm",
            "2202" => $"{brand} Leg Bag {size}0ml",
            "2301" => $"{brand} Closed Pouch {size}mm",
            "2302" => $"{brand} Drainable Pouch {size}mm",
            "2303" => $"{brand} Urostomy Pouch {size}mm",
            _ => $"{brand} Device {size}",
        };
    }

    private static string ChemicalSuffix(int n) =>
        n <= CodeLetters.Length
            ? CodeLetters[n - 1] + "0"
            : string.Concat(CodeLetters[((n - CodeLetters.Length - 1) / CodeLetters.Length) % CodeLetters.Length], CodeLetters[(n - CodeLetters.Length - 1) % CodeLetters.Length]);

    private static string InventName(SampleRandom rng, string stem)
    {
        var name = rng.Pick(Syllables) + rng.Pick(Joins) + (stem.Length > 0 ? stem : rng.Pick(Syllables) + rng.Pick(Endings));
        return char.ToUpperInvariant(name[0]) + name[1..];
    }

    private static string InventBrand(SampleRandom rng)
    {
        var name = rng.Pick(Syllables) + rng.Pick(Syllables) + rng.Pick(BrandEnds);
        return char.ToUpperInvariant(name[0]) + name[1..];
    }

    /// <summary>Legacy names shorten the second word: <c>Bisoprolol Fumarate</c> → <c>Bisoprolol Fumar</c>.</summary>
    private static string Abbreviate(string name)
    {
        var space = name.IndexOf(' ', StringComparison.Ordinal);
        if (space < 0) return name;
        var rest = name[(space + 1)..];
        var second = rest.Split(' ')[0].TrimStart('(');
        if (second.Length == 0) return name[..space];
        second = char.ToUpperInvariant(second[0]) + second[1..Math.Min(second.Length, 5)];
        return name[..space] + " " + second;
    }

    private static string Snomed(int n) => n.ToString(CultureInfo.InvariantCulture) + "1000001" + (n % 2 == 0 ? "104" : "103");
}
