namespace RxAtlas.SampleData.Model;

/// <summary>A real BNF section with the kind of products under it.</summary>
/// <param name="Weight">Relative share of prescribing (items) in primary care.</param>
/// <param name="Stem">Ending for invented chemical names (e.g. <c>vastatin</c>); empty to use a generic ending.</param>
/// <param name="Forms">Dosage forms its presentations use.</param>
/// <param name="Chemicals">Real chemical substance names found in the section (used before invented ones).</param>
internal sealed record BnfSectionSpec(string Code, string Name, double Weight, string Stem, DoseForm[] Forms, string[] Chemicals)
{
    public string ChapterCode => Code[..2];
    public bool IsAppliance => string.CompareOrdinal(Code, "20") >= 0;
}

/// <summary>The real BNF chapters (01–15, 18–23) and a good number of their real sections.</summary>
internal static class BnfStructure
{
    public static IReadOnlyDictionary<string, string> Chapters { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["01"] = "Gastro-Intestinal System",
        ["02"] = "Cardiovascular System",
        ["03"] = "Respiratory System",
        ["04"] = "Central Nervous System",
        ["05"] = "Infections",
        ["06"] = "Endocrine System",
        ["07"] = "Obstetrics, Gynaecology and Urinary-Tract Disorders",
        ["08"] = "Malignant Disease and Immunosuppression",
        ["09"] = "Nutrition and Blood",
        ["10"] = "Musculoskeletal and Joint Diseases",
        ["11"] = "Eye",
        ["12"] = "Ear, Nose and Oropharynx",
        ["13"] = "Skin",
        ["14"] = "Immunological Products and Vaccines",
        ["15"] = "Anaesthesia",
        ["18"] = "Preparations used in Diagnosis",
        ["19"] = "Other Drugs and Preparations",
        ["20"] = "Dressings",
        ["21"] = "Appliances",
        ["22"] = "Incontinence Appliances",
        ["23"] = "Stoma Appliances",
    };

    private static readonly DoseForm[] Oral = [DoseForm.Tablet, DoseForm.Capsule, DoseForm.OralSolution];
    private static readonly DoseForm[] Tabs = [DoseForm.Tablet, DoseForm.Tablet, DoseForm.Capsule];
    private static readonly DoseForm[] Inhaled = [DoseForm.Inhaler, DoseForm.Inhaler, DoseForm.Tablet];
    private static readonly DoseForm[] Topical = [DoseForm.Cream, DoseForm.Ointment, DoseForm.Gel];
    private static readonly DoseForm[] Injected = [DoseForm.Injection];
    private static readonly DoseForm[] Eye = [DoseForm.EyeDrops, DoseForm.Ointment];
    private static readonly DoseForm[] Device = [DoseForm.Device];

    private static BnfSectionSpec S(string code, string name, double weight, string stem, DoseForm[] forms, params string[] chemicals) =>
        new(code, name, weight, stem, forms, chemicals);

    public static IReadOnlyList<BnfSectionSpec> Sections { get; } =
    [
        S("0101", "Dyspepsia and gastro-oesophageal reflux disease", 2, "drate", Oral, "Alginic acid compound preparations", "Co-magaldrox", "Simeticone"),
        S("0102", "Antispasmodics and other drugs altering gut motility", 1.5, "verine", Tabs, "Mebeverine hydrochloride", "Hyoscine butylbromide", "Domperidone", "Metoclopramide hydrochloride"),
        S("0103", "Antisecretory drugs and mucosal protectants", 6, "prazole", Tabs, "Omeprazole", "Lansoprazole", "Esomeprazole", "Pantoprazole", "Ranitidine hydrochloride", "Famotidine"),
        S("0104", "Acute diarrhoea", 0.5, "peramide", Tabs, "Loperamide hydrochloride", "Oral rehydration salts"),
        S("0105", "Chronic bowel disorders", 0.8, "salazine", Tabs, "Mesalazine", "Sulfasalazine", "Budesonide"),
        S("0106", "Laxatives", 3, "olax", Oral, "Macrogol 3350", "Lactulose", "Senna", "Docusate sodium", "Ispaghula husk", "Bisacodyl"),
        S("0107", "Local preparations for anal and rectal disorders", 0.5, "", Topical),
        S("0109", "Drugs affecting intestinal secretions", 0.3, "crelin", Tabs, "Pancreatin"),
        S("0201", "Positive inotropic drugs", 0.4, "oxin", Tabs, "Digoxin"),
        S("0202", "Diuretics", 4, "thiazide", Tabs, "Furosemide", "Bendroflumethiazide", "Indapamide", "Spironolactone", "Bumetanide"),
        S("0203", "Anti-arrhythmic drugs", 0.3, "arone", Tabs, "Amiodarone hydrochloride", "Flecainide acetate"),
        S("0204", "Beta-adrenoceptor blocking drugs", 4, "olol", Tabs, "Bisoprolol fumarate", "Atenolol", "Propranolol hydrochloride", "Metoprolol tartrate", "Nebivolol"),
        S("0205", "Hypertension and heart failure", 7, "pril", Tabs, "Ramipril", "Lisinopril", "Losartan potassium", "Candesartan cilexetil", "Doxazosin mesilate", "Irbesartan", "Perindopril erbumine"),
        S("0206", "Nitrates, calcium-channel blockers & other antianginal drugs", 5, "dipine", Tabs, "Amlodipine", "Isosorbide mononitrate", "Glyceryl trinitrate", "Diltiazem hydrochloride", "Felodipine", "Nifedipine"),
        S("0208", "Anticoagulants and protamine", 3, "xaban", Tabs, "Apixaban", "Rivaroxaban", "Warfarin sodium", "Edoxaban", "Dalteparin sodium"),
        S("0209", "Antiplatelet drugs", 3, "grel", Tabs, "Aspirin", "Clopidogrel", "Ticagrelor", "Dipyridamole"),
        S("0212", "Lipid-regulating drugs", 7, "vastatin", Tabs, "Atorvastatin", "Simvastatin", "Rosuvastatin calcium", "Pravastatin sodium", "Ezetimibe"),
        S("0301", "Bronchodilators", 5, "terol", Inhaled, "Salbutamol", "Tiotropium", "Formoterol fumarate", "Salmeterol", "Ipratropium bromide"),
        S("0302", "Corticosteroids (respiratory)", 4, "sonide", Inhaled, "Beclometasone dipropionate", "Budesonide", "Fluticasone propionate (inh)"),
        S("0303", "Cromoglicate, leukotriene and phosphodiesterase type-4 inhibitors", 0.8, "lukast", Tabs, "Montelukast"),
        S("0304", "Antihistamines, hyposensitisation and allergic emergencies", 2.5, "tadine", Oral, "Cetirizine hydrochloride", "Loratadine", "Fexofenadine hydrochloride", "Chlorphenamine maleate", "Adrenaline"),
        S("0307", "Mucolytics", 0.3, "steine", Tabs, "Carbocisteine"),
        S("0309", "Cough preparations", 0.2, "", Oral, "Simple linctus"),
        S("0401", "Hypnotics and anxiolytics", 2, "azepam", Tabs, "Zopiclone", "Diazepam", "Temazepam", "Lorazepam", "Melatonin"),
        S("0402", "Drugs used in psychoses and related disorders", 2, "apine", Tabs, "Quetiapine", "Olanzapine", "Risperidone", "Aripiprazole", "Lithium carbonate"),
        S("0403", "Antidepressant drugs", 7, "oxetine", Tabs, "Sertraline hydrochloride", "Citalopram hydrobromide", "Fluoxetine hydrochloride", "Amitriptyline hydrochloride", "Mirtazapine", "Venlafaxine", "Duloxetine hydrochloride"),
        S("0404", "CNS stimulants and drugs used for ADHD", 0.5, "phenidate", Tabs, "Methylphenidate hydrochloride", "Atomoxetine"),
        S("0406", "Drugs used in nausea and vertigo", 1, "setron", Tabs, "Prochlorperazine maleate", "Cyclizine", "Betahistine dihydrochloride", "Ondansetron"),
        S("0407", "Analgesics", 8, "adol", Tabs, "Paracetamol", "Co-codamol (Codeine phosphate/paracetamol)", "Codeine phosphate", "Tramadol hydrochloride", "Morphine sulfate", "Oxycodone hydrochloride", "Buprenorphine", "Sumatriptan"),
        S("0408", "Antiepileptic drugs", 4, "tiracetam", Tabs, "Pregabalin", "Gabapentin", "Levetiracetam", "Lamotrigine", "Sodium valproate", "Carbamazepine"),
        S("0409", "Drugs used in parkinsonism and related disorders", 0.8, "pexole", Tabs, "Co-careldopa (Carbidopa/levodopa)", "Ropinirole hydrochloride", "Pramipexole"),
        S("0410", "Drugs used in substance dependence", 0.8, "", Oral, "Methadone hydrochloride", "Nicotine", "Varenicline"),
        S("0411", "Drugs for dementia", 0.8, "stigmine", Tabs, "Donepezil hydrochloride", "Memantine hydrochloride", "Rivastigmine"),
        S("0501", "Antibacterial drugs", 5, "cillin", Oral, "Amoxicillin", "Flucloxacillin sodium", "Doxycycline hyclate", "Nitrofurantoin", "Clarithromycin", "Trimethoprim", "Phenoxymethylpenicillin", "Co-amoxiclav (Amoxicillin/clavulanic acid)", "Lymecycline"),
        S("0502", "Antifungal drugs", 0.6, "conazole", Tabs, "Fluconazole", "Terbinafine hydrochloride"),
        S("0503", "Antiviral drugs", 0.4, "ciclovir", Tabs, "Aciclovir", "Valaciclovir"),
        S("0504", "Antiprotozoal drugs", 0.3, "quine", Tabs, "Metronidazole", "Hydroxychloroquine sulfate"),
        S("0601", "Drugs used in diabetes", 7, "gliflozin", Tabs, "Metformin hydrochloride", "Gliclazide", "Sitagliptin", "Dapagliflozin", "Empagliflozin", "Insulin glargine", "Linagliptin"),
        S("0602", "Thyroid and antithyroid drugs", 3, "thyrox", Tabs, "Levothyroxine sodium", "Carbimazole"),
        S("0603", "Corticosteroids", 1, "solone", Tabs, "Prednisolone", "Hydrocortisone", "Dexamethasone"),
        S("0604", "Sex hormones", 2, "estrol", Tabs, "Estradiol", "Testosterone", "Estradiol with progestogen"),
        S("0606", "Drugs affecting bone metabolism", 1.2, "dronate", Tabs, "Alendronic acid", "Risedronate sodium"),
        S("0607", "Other endocrine drugs", 0.3, "", Tabs, "Cabergoline"),
        S("0701", "Drugs used in obstetrics", 0.1, "", Tabs),
        S("0702", "Treatment of vaginal and vulval conditions", 0.4, "", Topical, "Clotrimazole", "Estriol"),
        S("0703", "Contraceptives", 2, "gestrel", Tabs, "Desogestrel", "Levonorgestrel", "Ethinylestradiol with levonorgestrel"),
        S("0704", "Drugs for genito-urinary disorders", 3, "sulosin", Tabs, "Tamsulosin hydrochloride", "Finasteride", "Solifenacin succinate", "Mirabegron", "Sildenafil (Erectile Dysfunction)", "Oxybutynin hydrochloride"),
        S("0801", "Cytotoxic drugs", 0.2, "trexate", Tabs, "Methotrexate", "Hydroxycarbamide"),
        S("0802", "Drugs affecting the immune response", 0.4, "limus", Tabs, "Azathioprine", "Mycophenolate mofetil", "Tacrolimus"),
        S("0803", "Sex hormones & hormone antagonists in malignant disease", 0.6, "trozole", Tabs, "Tamoxifen citrate", "Letrozole", "Anastrozole", "Bicalutamide"),
        S("0901", "Anaemias and some other blood disorders", 1.5, "", Tabs, "Ferrous sulfate", "Ferrous fumarate", "Hydroxocobalamin", "Folic acid"),
        S("0902", "Fluids and electrolytes", 0.8, "", Oral, "Potassium chloride", "Sodium bicarbonate"),
        S("0904", "Oral nutrition", 0.8, "", [DoseForm.OralSolution]),
        S("0905", "Minerals", 1.5, "", Tabs, "Calcium carbonate", "Magnesium glycerophosphate"),
        S("0906", "Vitamins", 2.5, "calciferol", Tabs, "Colecalciferol", "Thiamine hydrochloride", "Vitamin B compound strong"),
        S("1001", "Drugs used in rheumatic diseases and gout", 3, "profen", Tabs, "Naproxen", "Ibuprofen", "Allopurinol", "Diclofenac sodium", "Colchicine", "Febuxostat"),
        S("1002", "Drugs used in neuromuscular disorders", 0.5, "clofen", Tabs, "Baclofen", "Quinine sulfate"),
        S("1003", "Drugs for the relief of soft-tissue inflammation", 0.6, "", Topical, "Ibuprofen (topical)"),
        S("1103", "Anti-infective eye preparations", 0.5, "", Eye, "Chloramphenicol"),
        S("1104", "Corticosteroids and other anti-inflammatory preparations", 0.3, "", Eye),
        S("1106", "Treatment of glaucoma", 0.8, "prost", Eye, "Latanoprost", "Timolol maleate", "Bimatoprost"),
        S("1108", "Miscellaneous ophthalmic preparations", 1.2, "", Eye, "Hypromellose", "Carbomers"),
        S("1201", "Drugs acting on the ear", 0.3, "", Eye),
        S("1202", "Drugs acting on the nose", 1.2, "", [DoseForm.NasalSpray], "Mometasone furoate", "Beclometasone dipropionate (nasal)"),
        S("1203", "Drugs acting on the oropharynx", 0.3, "", [DoseForm.OralSolution], "Chlorhexidine gluconate"),
        S("1302", "Emollient and barrier preparations", 3, "", Topical, "Emollients", "Zinc oxide"),
        S("1304", "Topical corticosteroids", 1.2, "metasone", Topical, "Hydrocortisone (topical)", "Clobetasone butyrate", "Betamethasone valerate", "Mometasone furoate (topical)"),
        S("1305", "Preparations for eczema and psoriasis", 0.5, "", Topical, "Calcipotriol"),
        S("1306", "Acne and rosacea", 0.5, "", Topical, "Adapalene", "Benzoyl peroxide"),
        S("1310", "Anti-infective skin preparations", 0.8, "", Topical, "Fusidic acid", "Clotrimazole (topical)"),
        S("1311", "Skin cleansers, antiseptics and desloughing agents", 0.2, "", Topical),
        S("1404", "Vaccines and antisera", 0.5, "", Injected, "Influenza", "Pneumococcal"),
        S("1405", "Immunoglobulins", 0.02, "", Injected),
        S("1502", "Local anaesthesia", 0.2, "caine", Topical, "Lidocaine hydrochloride"),
        S("1801", "Preparations used in diagnosis", 0.05, "", Device),
        S("1902", "Other preparations", 0.1, "", Oral),
        S("2001", "Absorbent Cottons", 0.1, "", Device),
        S("2002", "Arm Sling/Bandages", 0.3, "", Device),
        S("2003", "Dressings", 0.6, "", Device),
        S("2101", "Catheters", 0.4, "", Device),
        S("2104", "Elastic Hosiery", 0.3, "", Device),
        S("2112", "Lancets", 0.4, "", Device),
        S("2148", "Blood Glucose Testing Strips", 0.8, "", Device),
        S("2201", "Incontinence Sheaths", 0.2, "", Device),
        S("2202", "Incontinence Drainage Bags", 0.2, "", Device),
        S("2301", "Colostomy Bags", 0.2, "", Device),
        S("2302", "Ileostomy Bags", 0.2, "", Device),
        S("2303", "Urostomy Bags", 0.1, "", Device),
    ];
}
