# soutenir — French, the reference language: every key here exists in every
# other file of this folder (a test checks it).
#
# A value between { } is given by the code ($amount, $count…); `{ $n -> … }`
# chooses by the number's plural category (CLDR rules: in French, 0 and 1 are
# singular).

## How this language writes numbers, amounts and dates

language-name = Français
# Between groups of three digits: a narrow no-break space.
number-group = { "\u202F" }
number-decimal = ,
money = { $amount }{ "\u202F" }€
month-name = { $month ->
    [1] janvier
    [2] février
    [3] mars
    [4] avril
    [5] mai
    [6] juin
    [7] juillet
    [8] août
    [9] septembre
    [10] octobre
    [11] novembre
   *[12] décembre
}
date = { $day ->
    [1] 1er
   *[other] { $day }
} { $month } { $year }

## Every page's frame

lang-switch = Langue
skip-link = Aller au contenu
demo-banner = Mode démonstration — aucun paiement réel n'est encaissé sur ce site.
footer-nav = Informations
footer-legal = Mentions légales
footer-privacy = Données personnelles
footer-contact = Contact
footer-my-gifts = Retrouver mes dons
footer-powered = Propulsé par <strong>soutenir</strong>, logiciel libre de campagnes de dons pour les associations.

## Error pages

error-home = Retour à l'accueil
error-not-found-title = Page introuvable
error-not-found = Cette page n'existe pas ou plus. Vérifiez l'adresse, ou revenez à l'accueil.
error-expired-title = Formulaire expiré
error-expired = Pour votre sécurité, ce formulaire n'est plus valable. Revenez à la page de la campagne, rechargez-la, puis envoyez votre don à nouveau.
error-unreadable-title = Envoi illisible
error-unreadable = Le formulaire n'a pas pu être lu : rien n'a été enregistré. Revenez à la page, rechargez-la, puis envoyez-le à nouveau.
error-archived-title = Reçu archivé
error-archived = Ce reçu a dépassé la durée de conservation légale de six ans : les données personnelles qu'il portait ont été effacées. Son numéro, sa date et son montant restent au registre.
error-unavailable-title = Service momentanément indisponible
error-unavailable = Le site ne peut pas répondre pour l'instant ; rien n'a été enregistré ni débité. Réessayez dans quelques secondes.
error-internal-title = Une erreur est survenue
error-internal = Le site n'a pas pu répondre. Réessayez dans un instant ; si cela dure, prévenez l'association.
error-too-large-title = Envoi trop volumineux
error-too-large = Ce que vous avez envoyé dépasse la taille acceptée : rien n'a été enregistré. Raccourcissez votre message, puis réessayez.
too-many-title = Trop de tentatives
too-many = Pour protéger les donateurs contre la fraude à la carte bancaire, nous limitons le nombre de dons tentés depuis une même connexion ou pour une même adresse électronique. Vous pourrez réessayer dans { $wait }.
too-many-write = Si vous pensez qu'il s'agit d'une erreur, écrivez à
too-many-the-association = l'association
too-many-help = { "\u202F" }: nous vous aiderons à faire votre don.
too-many-back = Retour à la campagne

## The bar

progress-label = Progression de la collecte
progress-of-goal = sur un objectif de { $goal }
progress-of-goal-short = sur { $goal }
progress-raised = { $raised } collectés
progress-aria-amount = { $raised } collectés sur un objectif de { $goal }, soit { $percent }{ "\u202F" }%
progress-aria-donors = { $donors } sur un objectif de { $goal }, soit { $percent }{ "\u202F" }%
donor-count = { $n ->
    [one] { $count } donateur
   *[other] { $count } donateurs
}
donation-count = { $n ->
    [one] { $count } don reçu
   *[other] { $count } dons reçus
}
donations-so-far = { $donations } à ce jour.
phase-last-day = Dernier jour
phase-days-left = { $n ->
    [one] { $count } jour restant
   *[other] { $count } jours restants
}
phase-starts-tomorrow = Commence demain
phase-starts-in = Commence dans { $count } jours
phase-ended = Campagne terminée
counting-each-payment = Chaque versement mensuel compte dès qu'il est reçu ; les sommes remboursées sont déduites.
counting-yearly-pledge = Un don mensuel compte pour douze mois dès son premier versement ; les sommes remboursées sont déduites.

## The campaign page

campaign-give = Faire un don
campaign-ended = Cette campagne est terminée. Merci à toutes celles et ceux qui l'ont soutenue !
campaign-upcoming = Cette campagne n'a pas encore commencé.
guestbook-title = Livre d'or
guestbook-empty = Aucun message publié pour le moment : laissez le premier avec votre don.
guestbook-all = Lire tous les messages du livre d'or
guestbook-meta-date = le { $date }
relay-title = Relayer la campagne
relay-text = Affichez la barre de progression, à jour en direct, sur votre site ou votre blog : copiez l'un de ces codes.
relay-copy = Copier
error-prefix = Erreur

## The gift form

form-errors = { $n ->
    [one] Votre don n'est pas encore parti : vérifiez le champ signalé.
   *[other] Votre don n'est pas encore parti : vérifiez les champs signalés.
}
form-frequency = Fréquence
form-once = Une fois
form-monthly = Tous les mois
form-amount = Montant
form-amount-other = Autre montant
form-amount-free = Montant libre, en euros
form-amount-placeholder = ex. 45
form-giver = Je donne
form-as-person = En mon nom
form-as-company = Au nom d'une entreprise
form-company-hint = Pour un don d'entreprise : le reçu fiscal des entreprises (article 238 bis) porte sa dénomination, sa forme juridique, son numéro SIREN et son adresse.
form-company-name = Dénomination de l'entreprise
form-company-legal-form = Forme juridique
form-company-legal-form-placeholder = SAS, SARL…
form-company-siren = Numéro SIREN
form-company-siren-placeholder = 9 chiffres
form-details = Vos coordonnées
form-email = Adresse électronique
form-first-name = Prénom
form-last-name = Nom
form-address-why = Le reçu fiscal doit porter votre adresse postale complète : sans elle, nous ne pouvons pas l'établir.
form-address = Adresse
form-postal-code = Code postal
form-city = Ville
form-country = Pays
form-wants-receipt = Je souhaite un reçu fiscal
form-guestbook = Un mot pour le livre d'or
form-optional = (facultatif)
form-message = Message
form-message-hint = Publié après relecture par notre équipe, 1 000 caractères au plus.
form-display-name = Nom affiché
form-display-name-hint = Laissez vide pour apparaître comme « Anonyme ».
form-show-amount = Afficher le montant de mon don avec mon message
form-payment = Je paie
form-online = En ligne
form-online-hint = carte ou prélèvement
form-transfer = Par virement
form-transfer-hint = dons ponctuels
form-transfer-explained = Par virement, vous recevez nos coordonnées bancaires et une référence à indiquer : votre don est compté à réception.
form-honeypot = Ne pas remplir
form-submit = Continuer vers le paiement
form-reassure-secure = Paiement sécurisé par Stripe : carte bancaire ou prélèvement SEPA. Vos coordonnées bancaires ne passent pas par ce site.
form-reassure-stop = Vous pouvez arrêter votre don mensuel à tout moment, depuis votre espace donateur.

## Shared words

anonymous = Anonyme
amount-monthly = { $amount } par mois
relay-iframe = Cadre (iframe)
relay-script = Script
relay-image = Image (README, courriel)
relay-json = Données JSON
relay-badge-alt = Progression de la campagne
embed-raised-of = collectés sur
badge-figures = { $achieved } sur { $goal } — { $percent }{ "\u202F" }%
progress-pledged-before = S'y ajouteront
progress-pledged-after = promis par virement, comptés à leur arrivée sur le compte.
percent = { $percent }{ "\u202F" }%
of-the-goal = de l'objectif

## More error pages

error-payment-down-title = Paiement momentanément indisponible
error-payment-down = Le service de paiement ne répond pas : rien n'a été débité. Revenez en arrière et réessayez dans quelques minutes.
error-journal-since-title = Numéro d'écriture invalide
error-journal-since = Indiquez le numéro de la dernière écriture importée (un nombre entier), ou rien pour toute l'année.
error-forbidden-title = Accès refusé
error-forbidden = Votre rôle ne donne pas accès à cette page. Demandez à un administrateur si vous en avez besoin.
error-link-gone-title = Lien expiré ou déjà utilisé
error-link-gone = Ce lien à usage unique n'est plus valable. Demandez-en un nouveau à un administrateur.
error-unknown-receipt-title = Reçu inconnu
error-unknown-receipt = Aucun reçu ne correspond à ce lien. Vérifiez qu'il est recopié en entier, ou contactez l'organisme qui l'a émis.
error-cross-site-title = Requête refusée
error-cross-site = Cette demande venait d'un autre site : rien n'a été enregistré. Si vous vouliez vraiment la faire, revenez sur notre page et envoyez le formulaire depuis celle-ci.
minutes = { $n ->
    [one] { $count } minute
   *[other] { $count } minutes
}

## The gift form's messages, beside each field

err-amount-min = Le don minimum est de { $min }.
err-amount-max = Au-delà de { $max } en ligne, contactez-nous pour un virement.
err-amount-choose = Choisissez ou saisissez un montant.
err-amount-empty = Indiquez un montant.
err-amount-nan = Le montant doit être un nombre, par exemple 30 ou 30,50.
err-amount-negative = Le montant ne peut pas être négatif.
err-amount-decimals = Le montant a au plus deux chiffres après la virgule.
err-amount-large = Ce montant est trop élevé.
err-too-long = { $max } caractères au plus.
err-company-name = Indiquez la dénomination de l'entreprise, telle qu'elle figurera sur le reçu.
err-company-legal-form = Indiquez la forme juridique de l'entreprise (SAS, SARL, SA…).
err-siren-missing = Indiquez le numéro SIREN de l'entreprise (9 chiffres) : le reçu des entreprises l'exige.
err-siren-digits = Un numéro SIREN a exactement 9 chiffres (les 9 premiers du SIRET).
err-siren-unknown = Ce numéro SIREN n'existe pas : vérifiez-le sur l'extrait Kbis ou l'avis de situation Insee.
err-first-name = Indiquez votre prénom.
err-last-name = Indiquez votre nom.
err-address = Le reçu fiscal exige votre adresse postale.
err-company-address = Le reçu fiscal exige l'adresse de l'entreprise.
err-postal-code = Indiquez votre code postal.
err-city = Indiquez votre ville.
err-country = Choisissez un pays dans la liste.
err-postal-code-fr = Un code postal français a cinq chiffres.
err-postal-code-invalid = Ce code postal ne semble pas valide.
err-frequency = Choisissez « Une fois » ou « Tous les mois ».
err-monthly-transfer = Un don mensuel se règle par carte ou par prélèvement ; pour un virement permanent, faites un don ponctuel par virement et programmez-le auprès de votre banque.
err-payment = Choisissez un moyen de paiement dans la liste.
err-transfer-not-offered = Le don par virement n'est pas proposé pour le moment : choisissez la carte ou le prélèvement.
err-email-missing = Indiquez votre adresse électronique, pour recevoir le reçu et les nouvelles de votre don.
err-email-invalid = Cette adresse électronique ne semble pas valide (exemple : prenom.nom@exemple.fr).
err-donor-kind = Choisissez « En mon nom » ou « Au nom d'une entreprise ».
err-message-long = Votre message fait { $chars } caractères ; { $max } au plus.

## The tax reduction (article 200 and 238 bis of the French tax code)

tax-below-minimum = Les dons de moins de { $min } ne donnent pas lieu à un reçu fiscal, ni donc à une réduction d'impôt.
tax-person-cost = Après réduction d'impôt de { $percent }{ "\u202F" }%, votre don vous coûte { $cost }{ $monthly ->
    [yes] {" "}par mois
   *[no] {""}
}.
tax-company-cost = Après réduction d'impôt de 60{ "\u202F" }%, ce don coûte { $cost }{ $monthly ->
    [yes] {" "}par mois
   *[no] {""}
} à votre entreprise (réduction retenue dans la limite de 20 000 € ou de 5 ‰ du chiffre d'affaires hors taxe, si ce montant est plus élevé).
tax-example = Après réduction d'impôt de { $percent }{ "\u202F" }%, un don de { $gift } vous coûte { $cost }.
tax-after-reduction = soit { $cost } après réduction
tax-ceiling-person = La réduction d'impôt est plafonnée à 20 % de votre revenu imposable ; l'excédent est reporté sur les cinq années suivantes.
tax-ceiling-company = Pour une entreprise, la réduction est de 60 % du don, retenu dans la limite de 20 000 € ou de 5 ‰ du chiffre d'affaires hors taxe si ce montant est plus élevé ; l'excédent est reporté sur les cinq exercices suivants. Le reçu suit le modèle des entreprises (Cerfa n° 16216*03).

## Countries of the form (ISO 3166 codes); receipts keep the French names

country-FR = France
country-DE = Allemagne
country-AD = Andorre
country-AT = Autriche
country-BE = Belgique
country-BJ = Bénin
country-BF = Burkina Faso
country-CM = Cameroun
country-CA = Canada
country-CI = Côte d'Ivoire
country-DK = Danemark
country-ES = Espagne
country-US = États-Unis
country-FI = Finlande
country-GR = Grèce
country-HU = Hongrie
country-IE = Irlande
country-IT = Italie
country-JP = Japon
country-LU = Luxembourg
country-MG = Madagascar
country-ML = Mali
country-MA = Maroc
country-MC = Monaco
country-NO = Norvège
country-NL = Pays-Bas
country-PL = Pologne
country-PT = Portugal
country-CZ = Tchéquie
country-RO = Roumanie
country-GB = Royaume-Uni
country-SN = Sénégal
country-SE = Suède
country-CH = Suisse
country-TN = Tunisie
country-DZ = Algérie

## A gift's pages: payment, thank-you, transfer

thanks-title = Merci
thanks-your-gift = Votre don
thanks-heading = Merci { $name } !
thanks-recorded-before = Votre don de
thanks-recorded-after = à « { $campaign } » est bien enregistré.
thanks-company = Don d'entreprise, au nom de { $company } : son reçu fiscal suivra le modèle des entreprises (Cerfa n° 16216*03).
thanks-receipt = Votre reçu fiscal vous sera envoyé par courriel.
thanks-receipt-yearly = Votre reçu fiscal récapitulatif de l'année vous sera envoyé par courriel en début d'année prochaine.
thanks-no-receipt = Aucun reçu fiscal n'est établi pour ce don.
thanks-message-pending = Votre message au livre d'or sera publié après relecture par l'équipe.
thanks-email-coming = Un courriel de confirmation va vous être envoyé.
thanks-monthly-offer = Envie d'aller plus loin ? Un don mensuel, même modeste, aide l'association à prévoir.
thanks-monthly-link = Donner { $amount } chaque mois
thanks-monthly-stop = (arrêt possible à tout moment)
thanks-share = Faire connaître la campagne
share-text = J'ai soutenu « { $campaign } » : à votre tour ?
share-by-email = Par courriel
thanks-pending-title = Paiement en cours de confirmation
thanks-pending = à « { $campaign } » attend la confirmation de la banque. Vous recevrez un courriel dès qu'elle arrive.
thanks-failed-title = Le paiement n'a pas abouti
thanks-failed = n'a pas été encaissé et aucun montant n'a été prélevé.
thanks-retry = Réessayer
thanks-retry-kept = (le formulaire garde ce que vous aviez saisi)
pay-demo-title = Paiement (démonstration)
pay-demo-flag = Mode démonstration — aucun paiement réel
pay-demo-heading = Paiement de votre don
pay-demo-gift-before = Don de
pay-demo-gift-after = à « { $campaign } ».
pay-demo-explained = Sur un site réel, vous seriez maintenant sur la page de paiement sécurisée (carte bancaire ou prélèvement SEPA). Ici, choisissez l'issue du paiement simulé :
pay-demo-pay = Payer
pay-demo-fail = Simuler un échec
transfer-title = Votre don par virement
transfer-arrived-before = Votre virement est bien arrivé : votre don de
transfer-arrived-after = pour « { $campaign } » est compté. Merci !
transfer-how-before = Pour verser votre don de
transfer-how-after = à « { $campaign } », faites un virement depuis votre banque avec ces coordonnées (elles vous sont aussi envoyées par courriel) :
transfer-holder = Bénéficiaire
transfer-reference = Référence
transfer-write-it = Indiquez bien la référence { $reference } dans le libellé du virement : c'est elle qui relie votre virement à votre don. Votre don est compté dans la barre et votre reçu fiscal émis dès que le virement arrive sur notre compte (quelques jours ouvrés).

## The guestbook page

guestbook-intro-before = Les mots laissés par les donatrices et donateurs de
guestbook-intro-after = , publiés après relecture.
guestbook-latest = Revenir aux messages les plus récents
guestbook-no-older = Il n'y a pas de message plus ancien.
guestbook-none = Aucun message publié pour le moment. Le vôtre sera peut-être le premier !
guestbook-older = Messages plus anciens

## Emails

mail-hello = Bonjour { $name },
mail-thanks-subject = Merci pour votre don à « { $campaign } »
mail-of-date = du { $date }
mail-receipt-attached = Votre reçu fiscal n° { $number } est joint à ce message ; vous pouvez aussi le télécharger depuis votre espace donateur.
mail-receipt-specimen = C'est un spécimen, sans valeur fiscale : l'association n'a pas encore enregistré ses coordonnées réelles.
mail-below-minimum = Les dons de moins de { $min } ne donnent pas lieu à un reçu fiscal.
mail-follow = Suivre la campagne
mail-space = Votre espace donateur (vos dons, votre don mensuel)
mail-space-short = Votre espace donateur
mail-signoff = Merci de votre soutien,
mail-team = L'équipe de { $org }
mail-team-anonymous = L'équipe
mail-footer = Vous recevez ce message parce que vous avez fait un don. Il a été envoyé automatiquement ; vous pouvez y répondre pour nous écrire.
mail-transfer-subject = Votre don par virement : référence { $reference }
mail-transfer-thanks-before = Merci pour votre don de
mail-transfer-thanks-after = à « { $campaign } ». Pour le verser, faites un virement depuis votre banque :
mail-transfer-reference = Référence à indiquer dans le libellé
mail-transfer-why = La référence relie votre virement à votre don : votre don est compté et votre reçu fiscal émis dès que le virement arrive sur notre compte.
mail-thanks-exclaim = Merci !

## The donor space

space-title = Mon espace donateur
space-hello = Bonjour
space-hello-name = Bonjour { $name }
space-monthly = Mes dons mensuels
space-monthly-none = Vous n'avez pas de don mensuel.
space-for = pour « { $campaign } »
space-for-cap = Pour « { $campaign } »
space-new-amount = Nouveau montant mensuel, en euros
space-change-amount = Modifier le montant
space-stop-monthly = Arrêter ce don mensuel
space-receipts = Mes reçus fiscaux
space-col-number = Numéro
space-col-issued = Émis le
space-col-state = État
space-col-date = Date
space-col-campaign = Campagne
space-col-kind = Type
space-col-given-as = Au nom de
space-receipt-specimen = Spécimen, sans valeur fiscale
space-receipt-valid = Valable
space-receipt-cancelled = Annulé
space-receipt-replaced = , remplacé par le n° { $number }
space-download = Télécharger
space-the-receipt = le reçu { $number }
space-messages = Mes messages au livre d'or
space-messages-hint = Un message modifié repasse par la relecture de notre équipe avant d'être publié.
space-display-name = Nom affiché (vide : « Anonyme »)
space-save-message = Enregistrer le message
space-withdraw-message = Retirer ce message
space-gifts = Mes dons
space-gifts-none = Aucun don pour le moment.
space-details = Coordonnées de mes prochains reçus
space-details-hint = Chaque don garde le nom sous lequel il a été fait (ci-dessus). Ces coordonnées s'appliquent à vos dons pas encore couverts par un reçu et aux prochains versements de vos dons mensuels ; les reçus déjà émis restent tels quels.
space-save-details = Enregistrer ces coordonnées
space-data = Mes données personnelles
space-data-hint = Téléchargez tout ce que nous savons de vous, ou demandez l'effacement de vos données.
space-data-download = Télécharger mes données (JSON)
space-erase-link = Effacer mes données…
space-kind-once = Don ponctuel
space-kind-monthly = Versement mensuel
space-status-part-refunded = Reçu, remboursé en partie ({ $amount })
space-status-received = Reçu
space-status-refunded = Remboursé
space-status-pending = En attente de confirmation
space-monthly-active = Actif
space-monthly-past-due = Dernier prélèvement en échec
space-monthly-stopped = Arrêté
space-message-published = Publié dans le livre d'or
space-message-refused-why = Non publié — motif : { $reason }
space-message-refused = Non publié
space-message-hidden = Retiré du livre d'or par l'équipe
space-message-pending = En attente de relecture
space-done-stopped = Votre don mensuel est arrêté : aucun nouveau prélèvement ne sera fait.
space-done-amount = C'est noté : le nouveau montant s'appliquera au prochain prélèvement.
space-done-message = Merci : votre message modifié sera publié après relecture par notre équipe.
space-done-withdrawn = Votre message est retiré : il n'apparaît plus nulle part.
space-done-details = C'est noté : vos prochains reçus porteront ces coordonnées. Les reçus déjà émis restent tels quels.
space-err-empty-message = Écrivez votre message, ou retirez-le avec le bouton prévu.
request-sent = Si des dons sont associés à cette adresse, un lien vers votre espace donateur vient de vous être envoyé. Il est valable 7 jours.
request-intro = Indiquez l'adresse électronique utilisée pour vos dons : nous vous enverrons un lien vers votre espace donateur, où vous retrouvez vos dons et gérez votre don mensuel.
request-submit = Recevoir le lien

## Erasing one's data

request-err-expired = Le formulaire a expiré : envoyez-le à nouveau.
request-err-too-many = Trop de demandes depuis cette connexion : réessayez dans une heure.
erase-title = Effacer mes données
erase-done-title = Vos données sont effacées
erase-done = Votre nom, vos adresses et vos messages ont été effacés. Ce lien ne donne plus accès à rien.
erase-done-stopped = Votre nom, vos adresses et vos messages ont été effacés, et vos dons mensuels arrêtés. Ce lien ne donne plus accès à rien.
erase-done-kept = { $n ->
    [one] Comme la loi nous y oblige, nous gardons le reçu fiscal déjà émis et les paiements qu'il atteste jusqu'à six ans après son émission ; il sera ensuite effacé automatiquement.
   *[other] Comme la loi nous y oblige, nous gardons les { $count } reçus fiscaux déjà émis et les paiements qu'ils attestent jusqu'à six ans après leur émission ; ils seront ensuite effacés automatiquement.
}
erase-thanks = Merci pour votre soutien.
erase-what = Ce qui sera effacé
erase-what-name = votre nom, votre adresse électronique et votre adresse postale ;
erase-what-messages = { $n ->
    [0] vos messages au livre d'or, qui disparaîtront du site ;
   *[other] vos messages au livre d'or ({ $count }), qui disparaîtront du site ;
}
erase-what-monthly = vos dons mensuels en cours seront arrêtés : aucun nouveau prélèvement ;
erase-what-link = ce lien vers votre espace donateur.
erase-kept = Ce que la loi nous oblige à garder
erase-kept-receipts = { $n ->
    [one] Le reçu fiscal déjà émis, avec les nom et adresse qui y figurent, et les paiements qu'il atteste : l'administration fiscale peut nous le demander pendant six ans après son émission (article L102 B du livre des procédures fiscales). Il sera ensuite effacé automatiquement. Téléchargez-le avant de continuer si vous en avez besoin.
   *[other] Les { $count } reçus fiscaux déjà émis, avec les nom et adresse qui y figurent, et les paiements qu'ils attestent : l'administration fiscale peut nous les demander pendant six ans après leur émission (article L102 B du livre des procédures fiscales). Ils seront ensuite effacés automatiquement. Téléchargez-les avant de continuer si vous en avez besoin.
}
erase-kept-none = Aucun reçu fiscal n'a été émis à votre nom : nous ne garderons rien qui vous identifie.
erase-kept-amounts = Les montants et les dates de vos dons restent dans nos comptes, sans votre nom.
erase-provider = { $provider }, par qui vous avez payé en ligne, garde de son côté la trace de vos paiements, comme la réglementation bancaire l'y oblige : cet effacement ne l'atteint pas. Pour vos données chez ce prestataire, adressez-vous à lui.
erase-our-provider = Notre prestataire de paiement
erase-confirm = Je comprends que l'effacement est définitif.
erase-back = Revenir à mon espace
erase-err-confirm = Cochez cette case pour confirmer l'effacement.
erase-err-provider = Nous n'avons pas pu arrêter votre don mensuel auprès de notre prestataire de paiement : rien n'a été effacé. Réessayez dans quelques minutes.
Stripe = Stripe

## More emails about a gift

mail-company = Don d'entreprise, au nom de { $company } : son reçu fiscal suit le modèle des entreprises (Cerfa n° 16216*03, article 238 bis du code général des impôts).
mail-monthly-started-subject = Votre don mensuel à « { $campaign } » a commencé
mail-monthly-started = à « { $campaign } » a commencé
mail-monthly-started-on = le { $date }. Le premier versement est reçu ; les suivants seront prélevés chaque mois.
mail-monthly-summary = Un reçu fiscal récapitulatif de vos versements de l'année vous sera envoyé au début de l'année suivante.
mail-monthly-manage = Vous pouvez modifier ou arrêter votre don mensuel à tout moment depuis votre espace donateur.
mail-failed-subject = Votre paiement pour « { $campaign } » n'a pas abouti
mail-failed-before = Votre paiement de
mail-failed-after = pour « { $campaign } » n'a pas abouti : aucun montant n'a été encaissé.
mail-failed-retry = Si vous le souhaitez, vous pouvez réessayer
mail-cancelled-subject = Votre don mensuel à « { $campaign } » est arrêté
mail-cancelled = Votre don mensuel à « { $campaign } » est arrêté : aucun nouveau prélèvement ne sera fait.
mail-cancelled-thanks = Merci pour tous vos versements ! Ceux de l'année figureront sur votre reçu fiscal récapitulatif.
mail-debit-failed-subject = Le prélèvement de votre don mensuel à « { $campaign } » n'a pas abouti
mail-debit-failed = Le prélèvement de ce mois pour votre don mensuel à « { $campaign } » n'a pas pu être effectué : votre banque l'a refusé, rien n'a été encaissé.
mail-debit-retry = Nous réessaierons automatiquement dans les prochains jours. Si votre carte ou votre compte a changé, vous pouvez arrêter ce don depuis votre espace donateur et en faire un nouveau :
mail-signoff-loyal = Merci de votre fidélité,
mail-receipt-subject = Votre reçu fiscal n° { $number }
mail-receipt-here = Voici votre reçu fiscal n° { $number }, pour votre don de
mail-receipt-to = à « { $campaign } ». Il est joint à ce message, au format PDF.
mail-receipt-keep = Conservez-le : il justifie votre réduction d'impôt. Vous pouvez aussi le télécharger depuis votre espace donateur

## Home, contact, a receipt's check

home-title = Campagnes
home-heading = Nos campagnes
home-none = Aucune campagne pour le moment.
contact-heading = Contacter { $org }
contact-by-post-only = Écrivez à l'association à son adresse postale :
contact-by-email = Par courriel :
contact-by-post = Par courrier :
contact-site = Site :
contact-space-before = Pour vos dons et reçus,
contact-space-link = votre espace donateur
contact-space-after = vous donne accès à tout, sans attendre de réponse.
verify-title = Vérification du reçu { $number }
verify-specimen-heading = Spécimen n° { $number }
verify-specimen = Ce document est un spécimen, pas un reçu fiscal : il a été établi avant que l'organisme n'enregistre ses coordonnées réelles et n'ouvre droit à aucune réduction d'impôt.
verify-heading = Reçu fiscal n° { $number }
verify-valid = Ce reçu est authentique et valable.
verify-cancelled = Ce reçu a été émis, puis annulé le { $date } : il n'ouvre plus droit à réduction d'impôt.
verify-replaced-before = Il est remplacé par le
verify-replaced-link = reçu n° { $number }
verify-issuer = Émis par
verify-issued-on = Date d'émission
verify-donor = Donateur
verify-state-specimen = spécimen, sans valeur fiscale
verify-state-valid = valable
verify-state-cancelled = annulé
verify-hint = Le nom du donateur est masqué. Pour toute question, contactez l'organisme émetteur.

## The embed's year-end reminder

reminder-year-end = { $n ->
    [one] Dernier jour pour un don déductible de vos impôts { $year }
   *[other] Plus que { $n } jours pour un don déductible de vos impôts { $year }
}

## Staff pages (French, through the files too)

staff-bar = Espace de l'équipe
staff-sign-out = Se déconnecter

## The legal notice and the personal-data page

legal-publisher = Éditeur du site
legal-object = Objet : { $object }
legal-director = Responsable de la publication : { $name }.
legal-contact = Contact :
legal-website = Site de l'organisme :
legal-payments = Paiements
legal-payments-text = Les paiements en ligne sont traités par Stripe Payments Europe (Dublin, Irlande) ; aucune donnée de carte bancaire ne transite par ce site ni n'y est conservée.
legal-software = Logiciel
legal-software-text = Ce site fonctionne avec soutenir, logiciel libre de campagnes de dons.
privacy-controller = Le responsable du traitement est
privacy-what = Ce qui est recueilli, et pourquoi
privacy-what-email = Votre adresse électronique : pour vous remercier, vous envoyer votre reçu fiscal et vous donner accès à votre espace donateur.
privacy-what-name = Vos nom, prénom et adresse postale : le reçu fiscal doit les porter (article 200 du code général des impôts) ; pour une entreprise, sa dénomination, sa forme juridique et son numéro SIREN.
privacy-what-gift = Le montant, la date et le moyen de paiement de chaque don : la comptabilité de l'association et les reçus.
privacy-what-message = Votre message au livre d'or et le nom affiché, si vous en laissez un : publiés après relecture.
privacy-no-tracker = Aucun cookie publicitaire ni traceur tiers n'est utilisé. L'adresse IP sert seulement, le temps de la requête, à limiter les abus ; elle n'est pas conservée avec votre don. Un cookie « lang » garde la langue choisie, s'il y a lieu.
privacy-who = Qui les reçoit
privacy-who-text = L'équipe de l'association habilitée (dons, reçus, modération). Le paiement est traité par Stripe Payments Europe, qui reçoit votre adresse électronique, votre nom et les données de paiement pour encaisser le don. Rien n'est vendu ni cédé.
privacy-how-long = Combien de temps
privacy-how-long-text = Les reçus fiscaux et les paiements qu'ils attestent sont conservés { $count } ans après leur émission (article L102 B du livre des procédures fiscales). Le reste est effacé sur demande, ou anonymisé après { $count } ans sans don.
privacy-rights = Vos droits
privacy-rights-before = Vous pouvez consulter vos dons, corriger vos coordonnées, télécharger vos données et demander leur effacement depuis
privacy-rights-after = (un lien vous est envoyé par courriel).
privacy-write-to = Vous pouvez aussi écrire à
privacy-cnil = En cas de difficulté, vous pouvez saisir la CNIL (cnil.fr).

## The donor-space link

mail-hello-anonymous = Bonjour,
mail-link-here = Voici le lien vers votre espace donateur, où vous retrouvez vos dons et pouvez gérer votre don mensuel :
mail-link-open = Ouvrir mon espace
mail-link-personal = Ce lien est personnel et valable 7 jours. Si vous n'avez rien demandé, ignorez ce message.
staff-nav-home = Accueil
staff-nav-donations = Dons
staff-nav-monthly = Dons mensuels
staff-nav-receipts = Reçus fiscaux
staff-nav-exports = Exports
staff-nav-bank = Banque
staff-nav-events = Paiements
staff-nav-guestbook = Livre d'or
staff-nav-campaigns = Campagnes
staff-nav-organisation = Organisme
staff-nav-users = Équipe

# The yearly summary receipt's email, and a cancelled receipt's.
mail-annual-subject = Votre reçu fiscal { $year } (n° { $number })
mail-annual-supplement-subject = Votre reçu fiscal complémentaire { $year } (n° { $number })
mail-annual-title = Votre reçu fiscal { $year }
mail-annual-supplement = Un versement de { $year } nous est parvenu après votre reçu récapitulatif : voici le reçu complémentaire n° { $number }, qui le certifie ({ $amount }). Votre reçu récapitulatif reste valable ; déclarez les deux. Il est joint à ce message, au format PDF, avec en annexe le détail.
mail-annual-summary = Merci pour vos dons mensuels de { $year } ! Voici votre reçu fiscal récapitulatif n° { $number } : { $amount } versés
mail-annual-period = du { $period }. Il est joint à ce message, au format PDF, avec en annexe le détail de chaque versement.
mail-annual-from-to = { $from } au { $to }
mail-annual-keep = Conservez-le : il justifie votre réduction d'impôt.
mail-receipts-in-space = Vos reçus sont aussi dans votre espace donateur : { $url }
mail-receipts-in-space-before = Vos reçus sont aussi dans
mail-receipts-in-space-link = votre espace donateur
mail-cancelled-subject-receipt = Votre reçu fiscal n° { $number } est annulé
mail-cancelled-receipt = Suite au remboursement de votre don, votre reçu fiscal n° { $number } de { $amount } est annulé : ne l'utilisez pas pour votre déclaration de revenus.
mail-cancelled-replaced = Il est remplacé par le reçu n° { $number }, de { $amount }, pour le montant de votre don qui reste acquis. Il est joint à ce message, au format PDF.
mail-cancelled-nothing-left = Aucun montant ne reste acquis : aucun nouveau reçu n'est émis.

# What the payment provider's page sells.
checkout-gift = Don à « { $campaign } »
checkout-monthly-gift = Don mensuel à « { $campaign } »
# The JSON API's refusals (the API speaks French, as its documentation).
api-not-found = campagne introuvable
api-unavailable = service momentanément indisponible
api-too-many = trop de requêtes depuis cette adresse
api-internal = erreur interne
api-too-many-streams = trop de flux ouverts : interrogez /progress
# The personal-data download.
data-retention = Les reçus fiscaux et les paiements qu'ils attestent sont conservés six ans après leur émission (article L102 B du livre des procédures fiscales) ; le reste est effacé sur demande, ou après six ans sans don.
