//! The two receipt models of the tax administration, as data: every title, box
//! label and footnote a receipt prints, in one place, to be read against
//! `RECEIPTS.md` (shared docs) mention by mention. The PDF layout
//! (`receipts::pdf`) places these texts; it writes none of its own.

use super::receipt::PaymentBox;

/// Who gives decides the model: a person gets the 11580, a company the 16216,
/// never the other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Model {
    /// Cerfa n° 11580*05, form 2041-RD: individuals, articles 200 and 978 CGI.
    Individuals,
    /// Cerfa n° 16216*03, form 2041-MEC-SD: companies, article 238 bis CGI.
    Companies,
}

/// A box with its label, ticked or not on the receipt.
pub type Choice = (&'static str, bool);

/// The texts of one model, in the order the receipt prints them.
#[derive(Debug)]
pub struct ModelText {
    /// « 11580*05 »: recorded on each receipt.
    pub revision: &'static str,
    /// « 2041-RD »
    pub form: &'static str,
    pub title: &'static str,
    pub number_label: &'static str,
    pub beneficiary_heading: &'static str,
    pub registration_label: &'static str,
    pub object_label: &'static str,
    pub donor_heading: &'static str,
    pub received: &'static str,
    pub words_label: &'static str,
    /// A single gift's date, and a period's.
    pub date_label: &'static str,
    pub period_label: &'static str,
    /// « certifie sur l'honneur … à l'article : » and its boxes (the first
    /// ticked): individuals tick « 200 du CGI »; a company's article is in the
    /// sentence itself.
    pub certifies: &'static str,
    pub articles: &'static [Choice],
    /// « Forme du don » and « Nature du don », each with its boxes.
    pub gift_form: Option<(&'static str, &'static [Choice])>,
    pub gift_nature: Option<(&'static str, &'static [Choice])>,
    /// The payment-mode question, and the label of each [`PaymentBox`]
    /// followed by boxes never ticked for money gifts.
    pub payment_label: &'static str,
    pub payment_boxes: [(PaymentBox, &'static str); 3],
    pub payment_other: Option<&'static str>,
    /// What the receipt does not cover, said rather than half-supported.
    pub out_of_scope: Option<&'static str>,
    pub date_and_signature: &'static str,
    pub footnotes: &'static [&'static str],
}

const FINE_REMINDER: &str = "L'article 1740 A du code général des impôts prévoit une amende égale au taux de la réduction d'impôt appliqué au montant porté indûment sur le document, pour les organismes qui délivrent sciemment des documents permettant à un contribuable d'obtenir indûment une réduction d'impôt.";

pub const INDIVIDUALS: ModelText = ModelText {
    revision: "11580*05",
    form: "2041-RD",
    title: "Reçu des dons et versements effectués par les particuliers au titre des articles 200 et 978 du code général des impôts",
    number_label: "Numéro d'ordre du reçu",
    beneficiary_heading: "Organisme bénéficiaire des dons et versements",
    registration_label: "Numéro SIREN ou RNA",
    object_label: "Objet",
    donor_heading: "Donateur",
    received: "Le bénéficiaire reconnaît avoir reçu des dons et versements ouvrant droit à réduction d'impôt d'un montant de :",
    words_label: "Somme en toutes lettres",
    date_label: "Date du versement ou du don",
    period_label: "Date des versements",
    certifies: "Le bénéficiaire certifie sur l'honneur que les dons et versements qu'il reçoit ouvrent droit à la réduction d'impôt prévue à l'article (2) :",
    articles: &[("200 du CGI", true), ("978 du CGI", false)],
    gift_form: Some((
        "Forme du don",
        &[
            ("Acte authentique", false),
            ("Acte sous seing privé", false),
            ("Déclaration de don manuel", true),
            ("Autres", false),
        ],
    )),
    gift_nature: Some((
        "Nature du don",
        &[
            ("Numéraire", true),
            ("Titres de sociétés cotés", false),
            ("Abandon exprès de revenus ou de produits", false),
            (
                "Frais engagés par les bénévoles, dont ils renoncent expressément au remboursement",
                false,
            ),
            ("Autres (3)", false),
        ],
    )),
    payment_label: "En cas de don en numéraire, mode de versement du don",
    payment_boxes: [
        (PaymentBox::Cash, "Remise d'espèces"),
        (PaymentBox::Cheque, "Chèque"),
        (
            PaymentBox::TransferDebitCard,
            "Virement, prélèvement, carte bancaire",
        ),
    ],
    payment_other: None,
    out_of_scope: None,
    date_and_signature: "Date et signature",
    footnotes: &[
        "(1) L'organisme bénéficiaire coche la case de la catégorie dont il relève ; il peut demander à l'administration, en application de l'article L. 80 C du livre des procédures fiscales, s'il relève de l'une des catégories d'organismes mentionnées aux articles 200 et 978 du code général des impôts.",
        "(2) Un même don ne peut ouvrir droit à la fois à la réduction d'impôt sur le revenu de l'article 200 et à la réduction d'impôt sur la fortune immobilière de l'article 978 du code général des impôts.",
        "(3) Notamment : don de biens meubles ou immeubles, abandon de créance.",
        FINE_REMINDER,
    ],
};

pub const COMPANIES: ModelText = ModelText {
    revision: "16216*03",
    form: "2041-MEC-SD",
    title: "Reçu des dons et versements effectués par les entreprises au titre de l'article 238 bis du code général des impôts",
    number_label: "Numéro d'ordre du reçu",
    beneficiary_heading: "Organisme bénéficiaire des dons et versements",
    registration_label: "Numéro SIREN ou RNA",
    object_label: "Objet",
    donor_heading: "Entreprise donatrice",
    received: "Le bénéficiaire reconnaît avoir reçu, au titre des dons et versements ouvrant droit à réduction d'impôt, des versements en numéraire d'un montant de :",
    words_label: "Somme en toutes lettres",
    date_label: "Date ou période au cours de laquelle les dons et versements ont été effectués",
    period_label: "Date ou période au cours de laquelle les dons et versements ont été effectués",
    certifies: "Le bénéficiaire certifie sur l'honneur que les dons et versements qu'il reçoit ouvrent droit à la réduction d'impôt prévue à l'article 238 bis du code général des impôts.",
    articles: &[],
    gift_form: None,
    gift_nature: None,
    payment_label: "Forme des versements",
    payment_boxes: [
        (PaymentBox::Cash, "Remise d'espèces"),
        (PaymentBox::Cheque, "Chèque"),
        (
            PaymentBox::TransferDebitCard,
            "Virement, prélèvement ou carte bancaire",
        ),
    ],
    payment_other: Some("Autre"),
    out_of_scope: Some(
        "Dons en nature : néant. Ce reçu ne porte que sur des versements en numéraire ; les dons en nature, que l'entreprise valorise elle-même, n'y figurent pas.",
    ),
    date_and_signature: "Date et signature",
    footnotes: &[
        "(1) L'organisme bénéficiaire coche la case de la catégorie dont il relève ; il peut demander à l'administration, en application de l'article L. 80 C du livre des procédures fiscales, s'il relève de l'une des catégories d'organismes mentionnées à l'article 238 bis du code général des impôts.",
        "La réduction d'impôt est de 60 % des versements, retenus dans la limite de 20 000 € ou de 5 pour mille du chiffre d'affaires hors taxe lorsque ce dernier montant est plus élevé (taux de 40 % pour la fraction supérieure à 2 millions d'euros, sauf pour les organismes d'aide aux personnes en difficulté).",
        FINE_REMINDER,
    ],
};

impl Model {
    pub fn text(self) -> &'static ModelText {
        match self {
            Model::Individuals => &INDIVIDUALS,
            Model::Companies => &COMPANIES,
        }
    }

    pub fn revision(self) -> &'static str {
        self.text().revision
    }

    /// The model a receipt recorded (`receipts.cerfa_revision`).
    pub fn from_revision(revision: &str) -> Option<Model> {
        [Model::Individuals, Model::Companies]
            .into_iter()
            .find(|m| m.revision() == revision)
    }
}

/// A category box of the beneficiary, as both models print it.
#[derive(Debug)]
pub struct Category {
    /// Stored in the settings.
    pub code: &'static str,
    pub label: &'static str,
    /// A sub-box under it, ticked when the organisation says so.
    pub sub_box: Option<&'static str>,
    /// Recognised by decree: the decree's date and the Journal officiel's.
    pub dated: bool,
    /// « Autres (précisez) » : the organisation's own words follow.
    pub precise: bool,
    /// Gifts to it may open the 75 % rate (article 200, 1 ter CGI).
    pub allows_75: bool,
}

const fn category(code: &'static str, label: &'static str) -> Category {
    Category {
        code,
        label,
        sub_box: None,
        dated: false,
        precise: false,
        allows_75: false,
    }
}

/// The categories offered on the settings page, in the models' order.
pub const CATEGORIES: [Category; 10] = [
    Category {
        sub_box: Some("Association loi 1901"),
        ..category(
            "interet_general",
            "Œuvre ou organisme d'intérêt général ayant un caractère philanthropique, éducatif, scientifique, social, humanitaire, sportif, familial, culturel, ou concourant à la mise en valeur du patrimoine artistique, à la défense de l'environnement naturel ou à la diffusion de la culture, de la langue et des connaissances scientifiques françaises",
        )
    },
    Category {
        dated: true,
        ..category(
            "utilite_publique",
            "Association ou fondation reconnue d'utilité publique",
        )
    },
    Category {
        allows_75: true,
        ..category(
            "aide_personnes",
            "Organisme sans but lucratif fournissant gratuitement une aide alimentaire ou des soins médicaux à des personnes en difficultés ou favorisant leur logement",
        )
    },
    Category {
        allows_75: true,
        ..category(
            "violences_domestiques",
            "Organisme sans but lucratif exerçant des actions en faveur des victimes de violences domestiques (accompagnement, hébergement)",
        )
    },
    category("fonds_dotation", "Fonds de dotation"),
    category("fondation_entreprise", "Fondation d'entreprise"),
    category(
        "culte",
        "Association cultuelle ou de bienfaisance et établissement public des cultes reconnus d'Alsace-Moselle",
    ),
    category(
        "enseignement_recherche",
        "Établissement d'enseignement supérieur ou de recherche, public ou privé, d'intérêt général, à but non lucratif",
    ),
    category("musee", "Musée de France"),
    Category {
        precise: true,
        ..category("autre", "Autres (précisez)")
    },
];

pub fn category_by_code(code: &str) -> Option<&'static Category> {
    CATEGORIES.iter().find(|c| c.code == code)
}

/// The sentence a dated category prints: « … par décret en date du … publié
/// au Journal officiel du … ».
pub fn dated_sentence(decree: &str, journal: &str) -> String {
    format!("par décret en date du {decree} publié au Journal officiel du {journal}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_model_is_found_by_the_revision_its_receipts_record() {
        for model in [Model::Individuals, Model::Companies] {
            assert_eq!(Model::from_revision(model.revision()), Some(model));
        }
        assert_eq!(Model::from_revision("11580*04"), None);
        // *05 has no 238 bis box; the companies' model is 238 bis alone.
        assert!(INDIVIDUALS.articles.iter().all(|(a, _)| !a.contains("238")));
        assert!(COMPANIES.certifies.contains("238 bis"));
        assert!(INDIVIDUALS.footnotes.iter().any(|f| f.contains("1740 A")));
        assert!(COMPANIES.footnotes.iter().any(|f| f.contains("1740 A")));
    }

    #[test]
    fn only_the_help_categories_open_the_75_rate() {
        let open: Vec<_> = CATEGORIES
            .iter()
            .filter(|c| c.allows_75)
            .map(|c| c.code)
            .collect();
        assert_eq!(open, ["aide_personnes", "violences_domestiques"]);
        assert!(!category_by_code("autre").unwrap().allows_75);
        let codes: std::collections::HashSet<_> = CATEGORIES.iter().map(|c| c.code).collect();
        assert_eq!(codes.len(), CATEGORIES.len());
    }
}
