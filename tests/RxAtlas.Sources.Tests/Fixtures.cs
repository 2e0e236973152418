namespace RxAtlas.Sources.Tests;

/// <summary>Small fixtures shaped exactly like the published files (see docs/data-sources.md §1.3, 1.4, 2.4, 3.2, 4.2).</summary>
internal static class Fixtures
{
    public const string PdpiPaddedHeader =
        " SHA,PCT,PRACTICE,BNF CODE,BNF NAME                                    ,ITEMS  ,NIC        ,ACT COST   ,QUANTITY,PERIOD,";

    /// <summary>Aug 2010 layout: three rows, items 1+31+2 = 34, NIC 3.15+83.79+0.50, actual 2.93+77.61+0.47, quantity 50+18500+14.</summary>
    public const string PdpiPadded =
        PdpiPaddedHeader + "\n" +
        "Q30,5D7,A86003,0101010C0AAAAAA,Aluminium Hydroxide_Tab 500mg           ,0000001,00000003.15,00000002.93,0000050,201008,\n" +
        "Q30,5D7,A86003,0212000B0AAABAB,Atorvastatin_Tab 20mg                   ,0000031,00000083.79,00000077.61,0018500,201008,\n" +
        "Q30,5D7,A86998,21220000023,Urostomy Bag                            ,0000002,00000000.50,00000000.47,0000014,201008,\n";

    public const string PdpiCleanHeader = "SHA,PCT,PRACTICE,BNF CODE,BNF NAME,ITEMS,NIC,ACT COST,QUANTITY,PERIOD";

    /// <summary>Nov 2019 layout: decimal quantity, no padding, no trailing comma.</summary>
    public const string PdpiClean =
        PdpiCleanHeader + "\n" +
        "Q44,01C,N81002,0101010G0AAABAB,Co-Magaldrox_Susp 195mg/220mg/5ml S/F,3,15.27,14.23,1500.5,201911\n" +
        "Q44,01C,N81002,0101010C0AAAAAA,Aluminium Hydroxide_Tab 500mg,1,3.15,2.93,50,201911\n";

    public const string EpdRetiredHeader =
        "YEAR_MONTH,REGIONAL_OFFICE_NAME,REGIONAL_OFFICE_CODE,AREA_TEAM_NAME,AREA_TEAM_CODE,PCO_NAME,PCO_CODE,PRACTICE_NAME,PRACTICE_CODE," +
        "ADDRESS_1,ADDRESS_2,ADDRESS_3,ADDRESS_4,POSTCODE,BNF_CHEMICAL_SUBSTANCE,CHEMICAL_SUBSTANCE_BNF_DESCR,BNF_CODE,BNF_DESCRIPTION," +
        "BNF_CHAPTER_PLUS_CODE,QUANTITY,ITEMS,TOTAL_QUANTITY,ADQUSAGE,NIC,ACTUAL_COST,UNIDENTIFIED";

    /// <summary>Jan 2014 retired set (flavour A): two pack sizes of one presentation at one practice, a national unidentified row.</summary>
    public const string EpdRetired =
        EpdRetiredHeader + "\n" +
        "201401,NORTH OF ENGLAND,Y54,LANCASHIRE AREA,Q47,NHS PRESTON CCG,01E00,CAFÉ SURGERY,P81001,73 ST GREGORY ROAD,,PRESTON,LANCS,PR1  6YA," +
        "0101010C0,Aluminium hydroxide,0101010C0AAAAAA,Aluminium Hydroxide_Tab 500mg,01: Gastro-Intestinal System,14.0,2,28.0,28.00000,3.15,2.93521,N\n" +
        "201401,NORTH OF ENGLAND,Y54,LANCASHIRE AREA,Q47,NHS PRESTON CCG,01E00,CAFÉ SURGERY,P81001,73 ST GREGORY ROAD,,PRESTON,LANCS,PR1  6YA," +
        "0101010C0,Aluminium hydroxide,0101010C0AAAAAA,Aluminium Hydroxide_Tab 500mg,01: Gastro-Intestinal System,28.0,1,28.0,28.00000,3.10,2.88005,N\n" +
        "201401,-,-,-,-,-,-,UNIDENTIFIED DOCTORS,-,-,-,-,-,-," +
        "0212000B0,Atorvastatin,0212000B0AAABAB,Atorvastatin_Tab 20mg,\"02: Cardiovascular System\",,1,,,,,Y\n";

    public const string EpdSnomedHeader = EpdRetiredHeader + ",SNOMED_CODE";

    /// <summary>SNOMED set before March 2025 (flavour B): flavour A plus SNOMED_CODE, STP columns.</summary>
    public const string EpdSnomed =
        "YEAR_MONTH,REGIONAL_OFFICE_NAME,REGIONAL_OFFICE_CODE,STP_NAME,STP_CODE,PCO_NAME,PCO_CODE,PRACTICE_NAME,PRACTICE_CODE," +
        "ADDRESS_1,ADDRESS_2,ADDRESS_3,ADDRESS_4,POSTCODE,BNF_CHEMICAL_SUBSTANCE,CHEMICAL_SUBSTANCE_BNF_DESCR,BNF_CODE,BNF_DESCRIPTION," +
        "BNF_CHAPTER_PLUS_CODE,QUANTITY,ITEMS,TOTAL_QUANTITY,ADQUSAGE,NIC,ACTUAL_COST,UNIDENTIFIED,SNOMED_CODE\n" +
        "202101,NORTH WEST,Y62,\"HEALTHIER LANCASHIRE, SOUTH CUMBRIA\",E54000048,NHS CHORLEY CCG,00X00,GROUP PRACTICE,P81002,1 HIGH ST,,,CHORLEY,PR7 1AA," +
        "0212000B0,Atorvastatin,0212000B0AAABAB,Atorvastatin 20mg tablets,02: Cardiovascular System,28,3,84,84,2.97,2.75512,N,320000005\n";

    public const string EpdSnomed2025Header =
        "YEAR_MONTH,REGIONAL_OFFICE_NAME,REGIONAL_OFFICE_CODE,ICB_NAME,ICB_CODE,PCO_NAME,PCO_CODE,PRACTICE_NAME,PRACTICE_CODE," +
        "ADDRESS_1,ADDRESS_2,ADDRESS_3,ADDRESS_4,POSTCODE,BNF_CHEMICAL_SUBSTANCE_CODE,BNF_CHEMICAL_SUBSTANCE,BNF_PRESENTATION_CODE," +
        "BNF_PRESENTATION_NAME,BNF_CHAPTER_PLUS_CODE,QUANTITY,ITEMS,TOTAL_QUANTITY,ADQ_USAGE,NIC,ACTUAL_COST,UNIDENTIFIED,SNOMED_CODE";

    /// <summary>March 2025 renamed set (flavour C): BNF_CHEMICAL_SUBSTANCE is the name; an appliance with a section as chemical.</summary>
    public const string EpdSnomed2025 =
        EpdSnomed2025Header + "\n" +
        "2025-03,NORTH EAST AND YORKSHIRE,Y63,NHS WEST YORKSHIRE ICB,QWO,NHS WEST YORKSHIRE ICB - 36J,36J,THE SURGERY,B86001,2 MAIN ROAD,,,LEEDS,LS1 1AA," +
        "0212000B0,Atorvastatin,0212000B0AAABAB,Atorvastatin 20mg tablets,02: Cardiovascular System,28,4,112,112,3.96,3.67349,N,320000005\n" +
        "2025-03,NORTH EAST AND YORKSHIRE,Y63,NHS WEST YORKSHIRE ICB,QWO,NHS WEST YORKSHIRE ICB - 36J,36J,UNIDENTIFIED DOCTORS,36J998,,,,,," +
        "2003,Arm Sling/Bandages,20030100181,Crepe bandage 7.5cm x 4.5m,20: Dressings,1,2,2,0,1.20,1.11000,Y,\n";

    public const string AddrPadded =
        "201008,A86003,HIGH STREET SURGERY                    ,1 HIGH STREET            ,FAILSWORTH               ,                         ,MANCHESTER               ,M35  0AA                 ,\n" +
        "201008,A86998,UNIDENTIFIED DOCTORS                   ,                         ,                         ,                         ,                         ,                         ,\n";

    public const string AddrClean =
        "201911,N81002,CAFÉ PRACTICE,1 HIGH ST,WIRRAL,,MERSEYSIDE,CH41 1AA\n";

    public const string BnfOld =
        "BNF Chapter,BNF Chapter Code,BNF Section,BNF Section Code,BNF Paragraph,BNF Paragraph Code,BNF Subparagraph,BNF Subparagraph Code," +
        "BNF Chemical Substance,BNF Chemical Substance Code,BNF Product,BNF Product Code,BNF Presentation,BNF Presentation Code\n" +
        "Gastro-Intestinal System,1,Dyspep&Gastro-Oesophageal Reflux Disease,101,Antacids and Simeticone,10101,Antacids and Simeticone,101010," +
        "Alexitol Sodium,0101010A0,Alexitol Sodium,0101010A0AA,Alexitol Sod_Tab 360mg,0101010A0AAAAAA\n" +
        "Dressings,20,Wound Management & Other Dressings,2003,DUMMY PARAGRAPH 200310,200310,DUMMY SUB-PARAGRAPH 2003100,2003100," +
        "DUMMY CHEMICAL SUBSTANCE 200310000,200310000,DUMMY PRODUCT 20031000015,20031000015,Crepe Bandage BP 7.5cm x 4.5m,20031000015\n";

    public const string BnfNew =
        "YEAR_MONTH,BNF_CHAPTER,BNF_CHAPTER_CODE,BNF_SECTION,BNF_SECTION_CODE,BNF_PARAGRAPH,BNF_PARAGRAPH_CODE,BNF_SUBPARAGRAPH,BNF_SUBPARAGRAPH_CODE," +
        "BNF_CHEMICAL_SUBSTANCE,BNF_CHEMICAL_SUBSTANCE_CODE,BNF_PRODUCT,BNF_PRODUCT_CODE,BNF_PRESENTATION,BNF_PRESENTATION_CODE\n" +
        "2025-03,Cardiovascular system,02,Lipid-regulating drugs,0212,Lipid-regulating drugs,021200,Lipid-regulating drugs,0212000," +
        "Atorvastatin,0212000B0,Atorvastatin,0212000B0AA,Atorvastatin 20mg tablets,0212000B0AAABAB\n" +
        ",,,,,,,,,,,,,,\n" +
        "2025-03,Dressings,20,Arm Sling/Bandages,2002,Arm Sling/Bandages,2002,Arm Sling/Bandages,2002," +
        "Arm Sling/Bandages,2002,Sling,20020100101,Arm sling large,20020100101\n";

    /// <summary>One epraccur row (27 quoted fields) with the commissioner in column 14, and one with it only in column 23.</summary>
    public const string Epraccur =
        "\"A81043\",\"THE CAFÉ MEDICAL CENTRE\",\"Y63\",\"QHM\",\"1 ROAD\",\"\",\"MIDDLESBROUGH\",\"CLEVELAND\",\"\",\"TS5  8SB\",\"19740401\",\"\",\"A\",\"B\",\"16C\",\"20130401\",\"\",\"01642 000000\",\"\",\"\",\"\",\"0\",\"\",\"16C\",\"\",\"4\",\"\"\r\n" +
        "\"Y06381\",\"COMM NURSING\",\"Y63\",\"QOQ\",\"\",\"\",\"\",\"\",\"\",\"\",\"20160101\",\"20190101\",\"C\",\"B\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"0\",\"\",\"03Q\",\"\",\"9\",\"\"\r\n";
}
