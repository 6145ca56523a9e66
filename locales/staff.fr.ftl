# The staff pages’ words (French: staff pages stay French).
# Keys: staff-{page}-{first words}. Values may hold { $variables }.

staff-bank-erreur = Erreur —
staff-bank-releves-bancaires-soutenir = Relevés bancaires — soutenir
staff-bank-releves-bancaires = Relevés bancaires
staff-bank-importez-releve-votre-banque-chaque = Importez le relevé de votre banque : chaque virement qui porte la référence d'un don promis, pour son montant, confirme ce don (barre, remerciement, reçu fiscal), et chaque remise de chèques du montant d'un bordereau le pointe. Le reste attend ci-dessous d'être traité. Importer deux fois le même relevé ne change rien.
staff-bank-importer-releve = Importer un relevé
staff-bank-releve-camt-053-xml-format = Relevé CAMT.053 (XML, le format standard des banques)
staff-bank-fichier-releve-xml = Fichier du relevé (XML)
staff-bank-importer-releve-xml = Importer le relevé XML
staff-bank-releve-csv-colonnes-votre-banque = Relevé CSV (les colonnes de votre banque, nommées une fois)
staff-bank-colonnes-retenues = Colonnes retenues pour :
staff-bank-separateur-colonnes = Séparateur des colonnes
staff-bank-point-virgule = point-virgule ( ; )
staff-bank-virgule = virgule ( , )
staff-bank-tabulation = tabulation
staff-bank-ordre-date = Ordre de la date
staff-bank-jour-mois-annee-31-12 = jour/mois/année (31/12/2026)
staff-bank-annee-mois-jour-2026-12 = année-mois-jour (2026-12-31)
staff-bank-fichier-releve-csv = Fichier du relevé (CSV)
staff-bank-importer-releve-csv = Importer le relevé CSV
staff-bank-credits-traiter = Crédits à traiter
staff-bank-aucun-credit-attente = Aucun crédit en attente.
staff-bank-virement-sans-reference-lisible-rapprochez = Un virement sans référence lisible : rapprochez-le du don qu'il paie (les dons promis du même montant ou au même nom sont proposés), ou écartez-le en disant pourquoi (une cotisation, une subvention). Un don rapproché pour un autre montant que promis est confirmé pour le montant reçu.
staff-bank-date = Date
staff-bank-montant = Montant
staff-bank-emetteur = Émetteur
staff-bank-libelle = Libellé
staff-bank-traiter = Traiter
staff-bank-remise-cheques = Remise de chèques
staff-bank-pointer-bordereau-number-date = Pointer le bordereau { $number } du { $date }
staff-bank-aucun-bordereau-ouvert-ce-montant = Aucun bordereau ouvert de ce montant.
staff-bank-rapprocher-reference = Rapprocher de { $reference }
staff-bank-promis = , promis le
staff-bank-reference-don = Référence du don
staff-bank-don-xxxx-xx = DON-XXXX-XX
staff-bank-rapprocher = Rapprocher
staff-bank-ce-est-pas-don-pourquoi = Ce n'est pas un don : pourquoi ?
staff-bank-ecarter = Écarter
staff-bank-virements-promis-pas-encore-recus = Virements promis, pas encore reçus
staff-bank-aucun-virement-promis-attente = Aucun virement promis en attente.
staff-bank-reference = Référence
staff-bank-donateur = Donateur
staff-bank-promis-2 = Promis le
staff-bank-annuler = Annuler
staff-bank-il-y-days-jours = (il y a { $days } jours)
staff-bank-annuler-promesse = Annuler la promesse
staff-bank-ce-virement-ne-viendra-pas = Ce virement ne viendra pas.
staff-bank-cheques-remettre-banque = Chèques à remettre en banque
staff-bank-aucun-cheque-enregistre-attend-etre = Aucun chèque enregistré n'attend d'être remis.
staff-bank-cheques-vous-remettez-ensemble = Les chèques que vous remettez ensemble
staff-bank-remis = Remis
staff-bank-cheque = Chèque
staff-bank-recu = Reçu le
staff-bank-preparer-bordereau-remise = Préparer le bordereau de remise
staff-bank-bordereaux-remise = Bordereaux de remise
staff-bank-bordereau = Bordereau
staff-bank-prepare = Préparé le
staff-bank-cheques = Chèques
staff-bank-total = Total
staff-bank-releve = Relevé
staff-bank-credite-day = crédité le { $day }
staff-bank-attente-releve = en attente du relevé
staff-bank-lignes-ecartees = Lignes écartées
staff-bank-raison = Raison
staff-campaign-form-modifier-campagne = Modifier la campagne
staff-campaign-form-nouvelle-campagne = Nouvelle campagne
staff-campaign-form-soutenir = — soutenir
staff-campaign-form-campagne-est-pas-enregistree-verifiez = La campagne n'est pas enregistrée : vérifiez les champs signalés.
staff-campaign-form-apercu-ci-dessous-rien-est = Aperçu ci-dessous : rien n'est enregistré tant que vous n'avez pas cliqué sur « Enregistrer ».
staff-campaign-form-1-campagne = 1. La campagne
staff-campaign-form-texte-campagne-markdown = Texte de la campagne (Markdown)
staff-campaign-form-gras-italique-lien-https-ligne = **gras**, *italique*, [un lien](https://…), une ligne vide entre deux paragraphes, « - » en début de ligne pour une liste.
staff-campaign-form-previsualiser-texte = Prévisualiser le texte
staff-campaign-form-apercu-texte = Aperçu du texte
staff-campaign-form-remerciement-markdown = Remerciement (Markdown)
staff-campaign-form-ce-lit-donateur-apres-son = Ce que lit le donateur après son don, sur la page de remerciement et dans le courriel (facultatif).
staff-campaign-form-langue-campagne = Langue de la campagne
staff-campaign-form-titre-texte-ci-dessus-sont = Le titre et le texte ci-dessus sont écrits dans cette langue ; la page la parle aux visiteurs qui n'en demandent pas d'autre.
staff-campaign-form-version-name = Version { $name }
staff-campaign-form-pas-encore-version-name-visiteurs = Pas encore de version { $name } : les visiteurs qui lisent cette langue voient le titre et le texte en { $own-lang-name }, avec tout le reste de la page dans leur langue.
staff-campaign-form-titre-name = Titre ({ $name })
staff-campaign-form-texte-name-markdown = Texte ({ $name }, Markdown)
staff-campaign-form-pas-encore-remerciement-name-ces = Pas encore de remerciement { $name } : ces donateurs lisent celui en { $own-lang-name }.
staff-campaign-form-remerciement-name-markdown = Remerciement ({ $name }, Markdown)
staff-campaign-form-pas-encore-libelles-name-montants = Pas encore de libellés { $name } pour les montants : ces donateurs lisent ceux en { $own-lang-name }.
staff-campaign-form-libelles-montants-suggeres-name-ligne = Libellés des montants suggérés ({ $name }, un par ligne)
staff-campaign-form-2-objectif-dates = 2. Objectif et dates
staff-campaign-form-objectif-est = L'objectif est
staff-campaign-form-montant = Un montant
staff-campaign-form-nombre-donateurs = Un nombre de donateurs
staff-campaign-form-3-formulaire-don = 3. Le formulaire de don
staff-campaign-form-libelles-montants-suggeres-ligne = Libellés des montants suggérés (un par ligne)
staff-campaign-form-dans-ordre-montants-exemple-mois = Dans l'ordre des montants, par exemple « Un mois de serveur » sous 50 € ; une ligne vide pour un montant sans libellé (facultatif).
staff-campaign-form-comment-comptent-dons-mensuels-dans = Comment comptent les dons mensuels dans la barre
staff-campaign-form-chaque-versement-quand-il-est = Chaque versement, quand il est reçu
staff-campaign-form-douze-mois-premier-versement = Douze mois dès le premier versement
staff-campaign-form-enregistrer = Enregistrer
staff-campaign-form-4-image-campagne = 4. Image de la campagne
staff-campaign-form-tete-page-campagne-dans-apercus = En tête de la page de la campagne et dans les aperçus des liens partagés (PNG ou JPEG, 2 Mo au plus ; un format large, 1200 × 630 par exemple).
staff-campaign-form-remplacer-image = Remplacer l'image
staff-campaign-form-image = Image
staff-campaign-form-ce-montre-image-texte-remplacement = Ce que montre l'image (texte de remplacement)
staff-campaign-form-enregistrer-image = Enregistrer l'image
staff-campaign-form-retirer-image = Retirer l'image
staff-campaign-form-retour-campagnes = Retour aux campagnes
staff-campaigns-campagnes-soutenir = Campagnes — soutenir
staff-campaigns-campagnes = Campagnes
staff-campaigns-creer-campagne = Créer une campagne
staff-campaigns-campagne = Campagne
staff-campaigns-etat = État
staff-campaigns-collecte = Collecté
staff-campaigns-objectif = Objectif
staff-campaigns-donateurs = Donateurs
staff-campaigns-actions = Actions
staff-campaigns-modifier = Modifier
staff-campaigns-rouvrir = Rouvrir
staff-campaigns-clore-campagne = Clore la campagne
staff-campaigns-retour-espace-equipe = Retour à l'espace de l'équipe
staff-closing-cloture-exercice-year-soutenir = Clôture de l'exercice { $year } — soutenir
staff-closing-cloture-exercice-year = Clôture de l'exercice { $year }
staff-closing-exercice-year-est-cloture-ses = L'exercice { $year } est clôturé : ses écritures ne changeront plus.
staff-closing-cloture = Clôturé.
staff-closing-rien-ce-qui-est-date = Rien de ce qui est daté de { $year } ne change plus : un don ou un remboursement de { $year2 } enregistré désormais est passé dans l'exercice ouvert, à la date de son enregistrement, son libellé disant sa date réelle.
staff-closing-ce-qui-reste-ouvert-year = Ce qui reste ouvert en { $year }
staff-closing-registre = registre
staff-closing-releves-bancaires = relevés bancaires
staff-closing-cloturer-year = Clôturer { $year }
staff-closing-fois-exercice-cloture-ses-ecritures = Une fois l'exercice clôturé, ses écritures ne changent plus et son journal se réexporte à l'identique ; ce qui serait enregistré ensuite pour { $year } passe dans l'exercice ouvert. Une clôture ne se défait pas.
staff-closing-j-ai-verifie-registre-exports = J'ai vérifié le registre et les exports de { $year } ; je clôture l'exercice.
staff-closing-cloturer-exercice-year = Clôturer l'exercice { $year }
staff-closing-exercice-year-est-pas-termine = L'exercice { $year } n'est pas terminé : il pourra être clôturé à partir du 1
staff-closing-er = er
staff-closing-janvier-year = janvier { $year }.
staff-closing-exports-year = Exports { $year }
staff-declaration-declaration-dons-year-soutenir = Déclaration des dons { $year } — soutenir
staff-declaration-dons-recus-year-recus-fiscaux = Dons reçus en { $year } : reçus fiscaux à déclarer
staff-declaration-chiffres-article-222-bis-code = Les chiffres que l'article 222 bis du code général des impôts demande de déclarer : le montant global des dons perçus au cours de l'année et mentionnés sur des reçus, et le nombre de ces reçus.
staff-declaration-comment-ils-sont-comptes-chaque = Comment ils sont comptés : chaque reçu valable couvrant des dons reçus en
staff-declaration-quelle-soit-sa-date-emission = , quelle que soit sa date d'émission (un don ponctuel reçu en
staff-declaration-recu-recapitulatif-versements-mensuels = , le reçu récapitulatif des versements mensuels de
staff-declaration-meme-emis = , même émis en
staff-declaration-nombre-recus-delivres = Nombre de reçus délivrés
staff-declaration-montant-total = Montant total
staff-declaration-modele-recu = Par modèle de reçu
staff-declaration-modele = Modèle
staff-declaration-recus = Reçus
staff-declaration-particuliers = Particuliers
staff-declaration-cerfa-11580-05-articles-200 = Cerfa n° 11580*05 (articles 200 et 978)
staff-declaration-entreprises = Entreprises
staff-declaration-cerfa-16216-03-article-238 = Cerfa n° 16216*03 (article 238 bis)
staff-declaration-recus-annules-sont-exclus-leurs = Les reçus annulés sont exclus ; leurs remplaçants sont comptés.
staff-declaration-telecharger = Télécharger :
staff-declaration-csv = CSV
staff-declaration-csv-excel = CSV pour Excel
staff-declaration-registre-year = Registre { $year }
staff-declaration-espace-equipe = Espace de l'équipe
staff-deposit-bordereau-remise-cheques-number-soutenir = Bordereau de remise de chèques { $number } — soutenir
staff-deposit-bordereau-remise-cheques-number = Bordereau de remise de chèques n° { $number }
staff-deposit-titulaire-compte = Titulaire du compte
staff-deposit-iban = IBAN
staff-deposit-indiquer-dans-page-organisation = (à indiquer dans la page de l'organisation)
staff-deposit-bic = BIC
staff-deposit-date-remise = Date de remise
staff-deposit-prepare = Préparé par
staff-deposit-tireur-donateur = Tireur (donateur)
staff-deposit-credite-compte-day-pointe-releve = Crédité sur le compte le { $day } (pointé sur le relevé).
staff-deposit-attente-releve-remise-sera-pointee = En attente du relevé : la remise sera pointée quand un relevé montrera son crédit.
staff-deposit-signature-remettant = Signature du remettant :
staff-deposit-retour-releves-bancaires = Retour aux relevés bancaires
staff-deposit-imprimez-cette-page-ctrl-p = · Imprimez cette page (Ctrl+P) et joignez-la aux chèques.
staff-donation-don-date-soutenir = Don du { $date } — soutenir
staff-donation-don-donor = Don de { $donor }
staff-donation-rembourse-refunded = (remboursé : { $refunded })
staff-donation-frequence = Fréquence
staff-donation-moyen-paiement = Moyen de paiement
staff-donation-prestataire = Prestataire
staff-donation-recu-fiscal-demande = Reçu fiscal demandé
staff-donation-oui = oui
staff-donation-non = non
staff-donation-identifiant = Identifiant
staff-donation-recus-fiscaux = Reçus fiscaux
staff-donation-ce-don-demandait-recu-fiscal = Ce don demandait un reçu fiscal mais était inférieur au montant minimum des réglages quand il a été reçu : il n'en a pas eu. Si le minimum a baissé depuis, vous pouvez l'émettre.
staff-donation-emettre-son-recu-fiscal = Émettre son reçu fiscal
staff-donation-aucun-recu-ce-don = Aucun reçu pour ce don.
staff-donation-amount-emis-issued-status = — { $amount }, émis le { $issued }, { $status }
staff-donation-ce-donateur-pas-adresse-electronique = Ce donateur n'a pas d'adresse électronique : rien ne lui est envoyé. Téléchargez son reçu, imprimez-le et envoyez-le par courrier.
staff-donation-rembourser = Rembourser
staff-donation-jusqu-max = Jusqu'à { $max }.
staff-donation-ce-don-ete-recu-hors = Ce don a été reçu hors ligne : rendez l'argent au donateur, puis enregistrez-le ici.
staff-donation-remboursement-passe-prestataire-paiement = Le remboursement passe par le prestataire de paiement.
staff-donation-recu-fiscal-est-annule-il = Le reçu fiscal est annulé et, s'il reste un montant, remplacé ; le donateur en est informé.
staff-donation-montant-rembourser-euros = Montant à rembourser, en euros
staff-donation-je-confirme-ce-montant-est = Je confirme : ce montant est rendu au donateur, pour de bon.
staff-donation-donnees-personnelles = Données personnelles
staff-donation-quand-donateur-demande-courrier-ou = Quand le donateur le demande par courrier ou par courriel : son nom, ses adresses et ses messages sont effacés, ses dons mensuels arrêtés auprès du prestataire de paiement. Les reçus fiscaux émis et les paiements qu'ils attestent restent six ans, comme la loi l'impose.
staff-donation-donateur-demande-je-comprends-effacement = Le donateur l'a demandé ; je comprends que l'effacement est définitif.
staff-donation-effacer-donnees-donateur = Effacer les données du donateur
staff-donation-donnees-ce-donateur-ont-ete = Les données de ce donateur ont été effacées.
staff-donation-historique = Historique
staff-donation-quand = Quand
staff-donation-quoi = Quoi
staff-donation-detail = Détail
staff-donation-retour-dons = Retour aux dons
staff-donations-dons-soutenir = Dons — soutenir
staff-donations-dons = Dons
staff-donations-enregistrer-don-cheque-virement-ou = Enregistrer un don par chèque, virement ou espèces
staff-donations-dons-mensuels = Dons mensuels
staff-donations-exports = Exports
staff-donations-filtrer-dons = Filtrer les dons
staff-donations-toutes = Toutes
staff-donations-text = Du
staff-donations-inclus = Au (inclus)
staff-donations-tous = Tous
staff-donations-ponctuel = ponctuel
staff-donations-mensuel = mensuel
staff-donations-donateur-nom-adresse = Donateur (nom, adresse)
staff-donations-filtrer = Filtrer
staff-donations-montant-amount-rembourse-refunded-net = · montant { $amount } · remboursé { $refunded } · net
staff-donations-exporter-cette-selection = Exporter cette sélection :
staff-donations-aucun-don-ne-correspond = Aucun don ne correspond.
staff-donations-moyen = Moyen
staff-donations-rembourse = Remboursé
staff-donations-recu = Reçu
staff-donations-page-precedente = Page précédente
staff-donations-page-suivante = Page suivante
staff-events-evenements-paiement-soutenir = Événements de paiement — soutenir
staff-events-evenements-paiement = Événements de paiement
staff-events-chaque-evenement-recu-prestataire-paiement = Chaque événement reçu du prestataire de paiement, du plus récent au plus ancien, et ce qu'il a produit. Un événement en échec peut être rejoué une fois la cause corrigée.
staff-events-aucun-evenement-recu-moment = Aucun événement reçu pour le moment.
staff-events-type = Type
staff-events-resultat = Résultat
staff-events-action = Action
staff-events-rejouer = Rejouer
staff-exports-exports-soutenir = Exports — soutenir
staff-exports-dons-recus-year = Dons reçus en { $year } :
staff-exports-registre-recus-fiscaux-year = Registre des reçus fiscaux { $year } :
staff-exports-recus-fiscaux-valides-year-pdf = Reçus fiscaux valides { $year }, un PDF par reçu :
staff-exports-zip = ZIP
staff-exports-chiffres-declaration-article-222-bis = Chiffres de la déclaration (article 222 bis)
staff-exports-journal-comptable-year = Journal comptable { $year }
staff-exports-format-fichier-ecritures-comptables-fec = Au format du fichier des écritures comptables (FEC) : chaque mouvement (don reçu, remboursement, litige) est une écriture passée une fois, le jour où il est enregistré, numérotée alors et jamais modifiée ; deux exports donnent les mêmes lignes.
staff-exports-toute-annee = Toute l'année
staff-exports-iso-8859-15-comme-exige = (ISO 8859-15, comme l'exige le FEC) ·
staff-exports-utf-8 = en UTF-8
staff-exports-seulement-ecritures-apres-numero-derniere = Seulement les écritures après le numéro (la dernière déjà importée)
staff-exports-exporter-suite = Exporter la suite
staff-exports-administrateurs = (administrateurs)
staff-exports-comptes-journal = Comptes du journal
staff-exports-ils-appliquent-ecritures-passees-apres = Ils s'appliquent aux écritures passées après leur enregistrement : une écriture passée garde ses comptes.
staff-exports-comptes-enregistres = Comptes enregistrés.
staff-exports-comptes-ne-sont-pas-enregistres = Les comptes ne sont pas enregistrés : vérifiez les champs signalés.
staff-exports-enregistrer-comptes = Enregistrer les comptes
staff-guestbook-moderation-livre-or-soutenir = Modération du livre d'or — soutenir
staff-guestbook-livre-or = Livre d'or
staff-guestbook-listes-messages = Listes de messages
staff-guestbook-aucun-message-attend-relecture = Aucun message n'attend de relecture.
staff-guestbook-aucun-message-dans-cette-liste = Aucun message dans cette liste.
staff-guestbook-campaign-submitted-amount = — { $campaign }, le { $submitted } — { $amount }
staff-guestbook-decision-when = Décision du { $when }
staff-guestbook-motif-why = — motif : { $why }
staff-guestbook-publier = Publier
staff-guestbook-refuser = Refuser
staff-guestbook-masquer = Masquer
staff-guestbook-motif-refus-facultatif = Motif du refus (facultatif)
staff-guestbook-messages-coches = Messages cochés
staff-guestbook-publier-selection = Publier la sélection
staff-guestbook-refuser-selection = Refuser la sélection
staff-guestbook-masquer-selection = Masquer la sélection
staff-home-espace-equipe-soutenir = Espace de l'équipe — soutenir
staff-home-configuration-est-pas-terminee = La configuration n'est pas terminée :
staff-home-vos-donateurs-voient-encore-donnees = vos donateurs voient encore des données d'exemple. Reste à faire :
staff-home-terminer-configuration = Terminer la configuration
staff-home-organisme-recus-fiscaux = Organisme et reçus fiscaux
staff-home-ce-moment = En ce moment
staff-home-recus-recapitulatifs = Reçus récapitulatifs
staff-home-recus-recapitulatifs-dons-mensuels-annee = Reçus récapitulatifs des dons mensuels, année
staff-home-emettre-recus-annee = Émettre les reçus de l'année
staff-login-connexion-equipe-soutenir = Connexion de l'équipe — soutenir
staff-login-connexion-equipe = Connexion de l'équipe
staff-login-adresse-electronique = Adresse électronique
staff-login-mot-passe = Mot de passe
staff-login-se-connecter = Se connecter
staff-offline-don-cheque-virement-ou-especes = Don par chèque, virement ou espèces — soutenir
staff-offline-enregistrer-don-recu-hors-ligne = Enregistrer un don reçu hors ligne
staff-offline-don-compte-aussitot-dans-barre = Le don compte aussitôt dans la barre de progression ; le donateur reçoit le remerciement et, s'il le demande, son reçu fiscal avec le bon moyen de paiement coché.
staff-offline-don-est-pas-enregistre-verifiez = Le don n'est pas enregistré : vérifiez les champs signalés.
staff-offline-don = Le don
staff-offline-choisir = Choisir…
staff-offline-qui-donne = Qui donne
staff-offline-particulier-recu-cerfa-11580-05 = Un particulier (reçu Cerfa 11580*05)
staff-offline-entreprise-recu-cerfa-16216-03 = Une entreprise (reçu Cerfa 16216*03, article 238 bis)
staff-offline-donateur-entreprise-personne-contacter-adresse = Le donateur (pour une entreprise : la personne à contacter, et l'adresse de l'entreprise)
staff-offline-pays = Pays
staff-offline-donateur-veut-recu-fiscal-adresse = Le donateur veut un reçu fiscal (l'adresse est alors requise)
staff-offline-enregistrer-don = Enregistrer le don
staff-organisation-organisme-recus-fiscaux-soutenir = Organisme et reçus fiscaux — soutenir
staff-organisation-premiers-pas-etape-1-3 = Premiers pas, étape 1 sur 3 :
staff-organisation-presentez-votre-organisme-tant-ces = présentez votre organisme. Tant que ces réglages ne sont pas enregistrés, les pages publiques montrent l'organisme d'exemple et les reçus sont des spécimens.
staff-organisation-ces-informations-figurent-chaque-recu = Ces informations figurent sur chaque reçu fiscal. Un reçu déjà émis garde celles du jour de son émission.
staff-organisation-reglages-enregistres = Réglages enregistrés.
staff-organisation-recus-ne-peuvent-pas-etre = Les reçus ne peuvent pas être émis : il manque
staff-organisation-reglages-ne-sont-pas-enregistres = Les réglages ne sont pas enregistrés : vérifiez les champs signalés.
staff-organisation-1-votre-organisme-tel-voient = 1. Votre organisme, tel que le voient les donateurs
staff-organisation-son-nom-son-logo-figurent = Son nom et son logo figurent en tête de chaque page de dons et mènent à son site ; les courriels partent à son nom, et les réponses des donateurs arrivent à l'adresse de contact.
staff-organisation-couleur-principale = Couleur principale
staff-organisation-format-rrvvbb-tete-boutons-barre = Au format #rrvvbb (en-tête, boutons, barre de progression) ; assez foncée pour que le texte blanc s'y lise. Vide : la couleur de soutenir.
staff-organisation-logo-png-1-mo-plus = Logo (PNG, 1 Mo au plus ; aussi imprimé sur les reçus)
staff-organisation-logo-est-enregistre = — un logo est enregistré
staff-organisation-retirer-logo = Retirer le logo
staff-organisation-2-adresse-numero-identification = 2. Adresse et numéro d'identification
staff-organisation-type-numero = Type de numéro
staff-organisation-rna-association = RNA (association)
staff-organisation-siren = SIREN
staff-organisation-objet = Objet
staff-organisation-3-categorie-case-cochee-recu = 3. Catégorie (case cochée sur le reçu)
staff-organisation-decret-date-publie-journal-officiel = par décret en date du … publié au Journal officiel du …
staff-organisation-ouvre-taux-75 = (ouvre le taux de 75 %)
staff-organisation-autres-categorie-telle-elle-figurera = Pour « Autres » : la catégorie, telle qu'elle figurera sur le reçu
staff-organisation-date-decret-reconnaissance-utilite-publique = Date du décret de reconnaissance d'utilité publique (AAAA-MM-JJ)
staff-organisation-date-journal-officiel-qui-publie = Date du Journal officiel qui a publié le décret (AAAA-MM-JJ)
staff-organisation-4-taux-reduction-impot = 4. Taux de la réduction d'impôt
staff-organisation-66-cas-general = 66 % (cas général)
staff-organisation-75-aide-personnes-difficulte-victimes = 75 % (aide aux personnes en difficulté, victimes de violences)
staff-organisation-5-signature-envoi-recus = 5. Signature et envoi des reçus
staff-organisation-signature-signataire-png-1-mo = Signature du signataire (PNG, 1 Mo au plus ; obligatoire : sans elle, aucun reçu n'est émis)
staff-organisation-signature-est-enregistree = — une signature est enregistrée
staff-organisation-retirer-signature = Retirer la signature
staff-organisation-6-compte-bancaire-dons-virement = 6. Compte bancaire (dons par virement)
staff-organisation-7-pages-organisme-generees-apres = 7. Pages de l'organisme (générées d'après ces réglages)
staff-organisation-ajout-page = Ajout à la page
staff-organisation-mentions-legales = Mentions légales
staff-organisation-markdown-facultatif-hebergeur-etc = (Markdown, facultatif : hébergeur, etc.)
staff-organisation-markdown-facultatif-delegue-protection-donnees = (Markdown, facultatif : délégué à la protection des données, etc.)
staff-organisation-enregistrer-continuer = Enregistrer et continuer
staff-password-changer-mon-mot-passe-soutenir = Changer mon mot de passe — soutenir
staff-password-changer-mon-mot-passe = Changer mon mot de passe
staff-password-votre-mot-passe-est-change = Votre mot de passe est changé.
staff-password-mot-passe-actuel = Mot de passe actuel
staff-password-nouveau-mot-passe-moins-12 = Nouveau mot de passe (au moins 12 caractères)
staff-password-nouveau-seconde-fois = Le nouveau, une seconde fois
staff-password-changer-mot-passe = Changer le mot de passe
staff-receipt-cancel-annuler-recu-number-soutenir = Annuler le reçu n° { $number } — soutenir
staff-receipt-cancel-annuler-recu = Annuler le reçu n°
staff-receipt-cancel-emis = Émis le
staff-receipt-cancel-ce-implique-annulation = Ce qu'implique l'annulation
staff-receipt-cancel-recu-reste-registre-marque-annule = Le reçu reste au registre, marqué « ANNULÉ » avec son motif, et ne redevient jamais valable ; il sort des chiffres de la déclaration. Le donateur est prévenu par courriel.
staff-receipt-cancel-il-doit-avoir-autre-adresse = S'il doit en avoir un autre (une adresse erronée, par exemple), cochez « Réémettre » : un nouveau reçu, sous un nouveau numéro, renvoie à celui-ci.
staff-receipt-cancel-recu-est-pas-annule-verifiez = Le reçu n'est pas annulé : vérifiez les champs signalés.
staff-receipt-cancel-motif-figure-registre = Motif (figure au registre)
staff-receipt-cancel-reemettre-coordonnees-actuelles-donateur = Réémettre aux coordonnées actuelles du donateur
staff-receipt-cancel-je-comprends-annulation-est-definitive = Je comprends que l'annulation est définitive.
staff-receipt-cancel-annuler-definitivement-recu = Annuler définitivement le reçu
staff-receipt-cancel-ne-rien-changer = Ne rien changer
staff-receipts-registre-recus-fiscaux-year-soutenir = Registre des reçus fiscaux { $year } — soutenir
staff-receipts-registre-recus-fiscaux-year = Registre des reçus fiscaux { $year }
staff-receipts-total = , pour un total de
staff-receipts-annules-exclus = (annulés exclus) —
staff-receipts-chiffres-declaration-article-222-bis = chiffres de la déclaration (article 222 bis)
staff-receipts-exporter = Exporter :
staff-receipts-registre-csv = registre CSV
staff-receipts-tous-recus-valides-zip-pdf = tous les reçus valides (ZIP de PDF)
staff-receipts-controle-numerotation = Contrôle de la numérotation
staff-receipts-numeros-attribues-1-last-number = Numéros attribués : 1 à { $last-number }.
staff-receipts-aucun-numero-manquant-aucun-doublon = Aucun numéro manquant, aucun doublon.
staff-receipts-anomalie = Anomalie :
staff-receipts-numeros-manquants = numéros manquants
staff-receipts-numeros-double = numéros en double
staff-receipts-aucun-recu-emis-cette-annee = Aucun reçu émis cette année.
staff-receipts-numero = Numéro
staff-receipts-date-don = Date du don
staff-receipts-voir = voir
staff-receipts-renvoyer = Renvoyer
staff-receipts-annuler = Annuler…
staff-receipts-numeros-suivants = Numéros suivants
staff-setup-choisir-votre-mot-passe-soutenir = Choisir votre mot de passe — soutenir
staff-setup-choisir-votre-mot-passe = Choisir votre mot de passe
staff-setup-ce-lien-cree-votre-compte = Ce lien crée votre compte d'équipe (rôle : { $role }). Il ne sert qu'une fois.
staff-setup-compte = Compte :
staff-setup-mot-passe-moins-12-caracteres = Mot de passe (au moins 12 caractères)
staff-setup-meme-seconde-fois = Le même, une seconde fois
staff-setup-enregistrer-se-connecter = Enregistrer et se connecter
staff-start-premiers-pas-soutenir = Premiers pas — soutenir
staff-start-premiers-pas = Premiers pas
staff-start-configuration-est-terminee-vos-pages = La configuration est terminée : vos pages de dons présentent votre organisme, et les reçus fiscaux sont émis à son nom.
staff-start-quelques-minutes-vos-donateurs-sachent = Quelques minutes pour que vos donateurs sachent à qui ils donnent : tant que ces étapes ne sont pas faites, les pages publiques montrent des données d'exemple et les reçus sont des spécimens.
staff-start-facultatif = (facultatif)
staff-start-fait = fait
staff-start-faire = à faire
staff-start-voir-site-public = Voir le site public
staff-subscriptions-dons-mensuels-soutenir = Dons mensuels — soutenir
staff-subscriptions-afficher = Afficher :
staff-subscriptions-tous = tous
staff-subscriptions-actifs = actifs
staff-subscriptions-echec-paiement = en échec de paiement
staff-subscriptions-arretes = arrêtés
staff-subscriptions-aucun-don-mensuel = Aucun don mensuel.
staff-subscriptions-depuis = Depuis
staff-subscriptions-prelevements = Prélèvements
staff-subscriptions-dernier = Dernier
staff-subscriptions-arreter = Arrêter…
staff-subscriptions-donateur-demande-plus-aucun-prelevement = Le donateur l'a demandé : plus aucun prélèvement.
staff-subscriptions-arreter-ce-don-mensuel = Arrêter ce don mensuel
staff-users-comptes-equipe-soutenir = Comptes de l'équipe — soutenir
staff-users-comptes-equipe = Comptes de l'équipe
staff-users-invitation-creee = Invitation créée pour
staff-users-lien-lui-ete-envoye-courriel =  : le lien lui a été envoyé par courriel
staff-users-courriel-pas-pu-partir-transmettez =  : le courriel n'a pas pu partir, transmettez-lui ce lien vous-même
staff-users-lien-usage-unique-valable-48 = . Lien à usage unique, valable 48 heures :
staff-users-invitation-est-pas-partie-verifiez = L'invitation n'est pas partie : vérifiez les champs signalés.
staff-users-inviter-quelqu-dans-equipe = Inviter quelqu'un dans l'équipe
staff-users-role = Rôle
staff-users-moderation-livre-or = Modération du livre d'or
staff-users-finances-dons-recus-exports = Finances (dons, reçus, exports)
staff-users-administration-tout-dont-comptes = Administration (tout, dont les comptes)
staff-users-inviter = Inviter
staff-users-depuis-serveur-aussi = Depuis le serveur, aussi :
staff-users-soutenir-user-add-email-role = soutenir user add --email … --role admin|finance|moderator
staff-users-adresse = Adresse
staff-users-derniere-connexion = Dernière connexion
staff-users-desactive = désactivé
staff-users-actif-vous = actif (vous)
staff-users-actif = actif
staff-users-desactiver = Désactiver…
staff-users-ce-compte-ne-pourra-plus = Ce compte ne pourra plus se connecter, et ses sessions ouvertes prennent fin.
staff-users-desactiver-compte = Désactiver le compte
staff-year-menu-annee = Année
staff-year-menu-afficher = Afficher
staff-closing-gifts-without-receipt = { $n ->
    [one] { $count } don ponctuel sans le reçu demandé
   *[other] { $count } dons ponctuels sans le reçu demandé
}
staff-closing-summaries-waiting = { $n ->
    [one] { $count } donateur mensuel attend son reçu récapitulatif
   *[other] { $count } donateurs mensuels attendent leur reçu récapitulatif
}
staff-closing-unreconciled = { $n ->
    [one] { $count } virement à rapprocher
   *[other] { $count } virements à rapprocher
} (dons promis sans virement reçu, crédits du relevé sans don :
staff-closing-cheques-open = { $n ->
    [one] { $count } chèque ou remise à pointer
   *[other] { $count } chèques ou remises à pointer
} (chèques reçus sans bordereau de remise, bordereaux sans crédit au relevé :
staff-closing-unbooked = { $n ->
    [one] { $count } mouvement pas encore passé au journal
   *[other] { $count } mouvements pas encore passés au journal
}
staff-deposit-cheques-total = { $n ->
    [one] { $count } chèque
   *[other] { $count } chèques
}, total
staff-donations-count = { $n ->
    [one] { $count } don
   *[other] { $count } dons
}
staff-receipts-count = { $n ->
    [one] { $count } reçu valide
   *[other] { $count } reçus valides
}
staff-bank-csv-banque = Banque
staff-bank-csv-ses-colonnes-seront-retenues-sous-ce-nom = Ses colonnes seront retenues sous ce nom pour le prochain relevé.
staff-bank-csv-colonne-de-la-date = Colonne de la date
staff-bank-csv-le-nom-ecrit-en-tete-de-colonne-par-exem = Le nom écrit en tête de colonne, par exemple « Date opération ».
staff-bank-csv-colonne-du-montant-signe = Colonne du montant (signé)
staff-bank-csv-laissez-vide-si-la-banque-separe-credits = Laissez vide si la banque sépare crédits et débits.
staff-bank-csv-colonne-des-credits = Colonne des crédits
staff-bank-csv-colonne-des-debits = Colonne des débits
staff-bank-csv-colonne-du-libelle = Colonne du libellé
staff-bank-csv-colonne-de-l-emetteur-facultatif = Colonne de l'émetteur (facultatif)
staff-bank-csv-colonne-de-la-reference-de-l-operation-f = Colonne de la référence de l'opération (facultatif)

# Emails to the team.
staff-mail-hello = Bonjour,
staff-mail-invited = Vous êtes invité·e à rejoindre l'équipe, avec le rôle « { $role } ».
staff-mail-invited-choose-at = Choisissez votre mot de passe à cette adresse (lien à usage unique, valable 48 heures) :
staff-mail-invited-choose = Choisissez votre mot de passe (lien à usage unique, valable 48 heures) :
staff-mail-not-expected = Si vous ne vous y attendiez pas, ignorez ce message.
staff-mail-invitation-subject = Votre accès à l'espace de l'équipe
staff-mail-welcome = Bienvenue dans l'équipe
staff-mail-choose-password = Choisir mon mot de passe
staff-mail-invitation-footer = Message envoyé automatiquement par l'espace de l'équipe.
staff-mail-digest-subject = { $n ->
    [one] Livre d'or : 1 message à relire
   *[other] Livre d'or : { $n } messages à relire
}
staff-mail-digest-title = Livre d'or : messages à relire
staff-mail-digest-waiting = { $n ->
    [one] 1 message attend votre relecture
   *[other] { $n } messages attendent votre relecture
}
staff-mail-digest-in-guestbook = au livre d'or.
staff-mail-digest-oldest = Voici les { $n } plus anciens :
staff-mail-digest-all = Les voici, du plus ancien au plus récent :
staff-mail-digest-entry = { $name }, { $campaign }, le { $date }
staff-mail-digest-where = { $campaign }, le { $date }
staff-mail-digest-rule = Rien n'est publié au livre d'or avant qu'une personne de l'équipe l'ait approuvé.
staff-mail-digest-open = Ouvrir la file de modération
staff-mail-digest-why = Vous recevez ce résumé quotidien parce que vous modérez le livre d'or. Il ne part que les jours où des messages attendent.
staff-bank-deposit-cheque-of = Remettre le chèque de { $who }

# Words the staff side's code gives.
staff-accounts-deux-mots-passe-ne-sont = Les deux mots de passe ne sont pas identiques.
staff-accounts-mot-passe-doit-compter-moins = Le mot de passe doit compter au moins { $min-password-chars } caractères.
staff-accounts-mot-passe-est-trop-long = Le mot de passe est trop long.
staff-accounts-trop-tentatives-patientez-quart-heure = Trop de tentatives : patientez un quart d'heure avant de réessayer.
staff-accounts-adresse-ou-mot-passe-incorrect = Adresse ou mot de passe incorrect.
staff-accounts-ce-est-pas-votre-mot = Ce n'est pas votre mot de passe actuel.
staff-accounts-rien-change-cochez-case-confirmation = Rien n'a changé : cochez la case de confirmation pour désactiver un compte.
staff-accounts-indiquez-adresse-electronique-personne-inviter = Indiquez l'adresse électronique de la personne à inviter (exemple : prenom@association.fr).
staff-accounts-choisissez-role = Choisissez un rôle.
staff-accounts-cette-adresse-deja-compte = Cette adresse a déjà un compte.
staff-bank-don-est-confirme-son-donateur = Le don est confirmé : son donateur reçoit son remerciement et son reçu.
staff-bank-don-est-confirme-montant-recu = Le don est confirmé pour le montant reçu sur le compte : son donateur reçoit son remerciement et son reçu.
staff-bank-ligne-est-ecartee-avec-sa = La ligne est écartée, avec sa raison.
staff-bank-remise-cheques-est-pointee-releve = La remise de chèques est pointée sur le relevé.
staff-bank-promesse-virement-est-annulee = La promesse de virement est annulée.
staff-bank-choisissez-fichier-releve-camt-053 = Choisissez le fichier du relevé (CAMT.053, au format XML).
staff-bank-ce-fichier-est-pas-releve = Ce fichier n'est pas un relevé CAMT.053 (XML en UTF-8).
staff-bank-indiquez-nom-banque-ses-colonnes = Indiquez le nom de la banque : ses colonnes seront retenues sous ce nom.
staff-bank-choisissez-fichier-releve-csv = Choisissez le fichier du relevé (CSV).
staff-bank-cochez-case-confirmer-virement-ce = Cochez la case pour confirmer : le virement de ce don ne viendra pas.
staff-bank-cochez-cheques-vous-remettez-banque = Cochez les chèques que vous remettez à la banque.
staff-campaigns-campagne-creee = Campagne créée.
staff-campaigns-campagne-enregistree = Campagne enregistrée.
staff-campaigns-campagne-close-son-formulaire-laisse = Campagne close : son formulaire laisse place à un remerciement et sa barre ne bouge plus.
staff-campaigns-campagne-rouverte-elle-recoit-nouveau = Campagne rouverte : elle reçoit à nouveau des dons jusqu'à sa date de fin.
staff-campaigns-minuscules-sans-accent-chiffres-tirets = Minuscules sans accent, chiffres et tirets, par exemple hiver-2026. Le changer casse les liens et les intégrations existants.
staff-campaigns-objectif-euros = Objectif en euros
staff-campaigns-si-objectif-est-montant = Si l'objectif est un montant.
staff-campaigns-objectif-nombre-donateurs = Objectif en nombre de donateurs
staff-campaigns-si-objectif-est-nombre-donateurs = Si l'objectif est un nombre de donateurs.
staff-campaigns-campagne-se-termine-minuit-heure = La campagne se termine à minuit, heure de Paris.
staff-campaigns-montants-suggeres-euros = Montants suggérés, en euros
staff-campaigns-separes-espaces-exemple-10-30 = Séparés par des espaces, par exemple : 10 30 50 100.
staff-campaigns-choisissez-image-png-ou-jpeg = Choisissez une image (PNG ou JPEG).
staff-campaigns-image-depasse-2-mo-reduisez = L'image dépasse 2 Mo : réduisez-la avant de l'envoyer.
staff-campaigns-envoyez-image-format-png-ou = Envoyez une image au format PNG ou JPEG.
staff-campaigns-decrivez-image-quelques-mots-c = Décrivez l'image en quelques mots : c'est ce qu'entendent ceux qui ne la voient pas.
staff-campaigns-200-caracteres-plus = 200 caractères au plus.
staff-closing-annee-se-cloture-fois-terminee = Une année se clôture une fois terminée.
staff-closing-cochez-case-confirmer-annee-cloturee = Cochez la case pour confirmer : une année clôturée ne se rouvre pas.
staff-events-sans-effet = sans effet
staff-events-evenement-ete-rejoue-applique = L'événement a été rejoué et appliqué.
staff-events-evenement-nouveau-echoue-voir-detail = L'événement a de nouveau échoué : voir le détail.
staff-events-cet-evenement-est-pas-echec = Cet événement n'est pas en échec : rien à rejouer.
staff-events-evenement-rejoue-other = Événement rejoué : { $other }.
staff-finance-attente = en attente
staff-finance-prelevement-sepa = prélèvement SEPA
staff-finance-recus-rembourses-compris = reçus (remboursés compris)
staff-finance-recus-non-rembourses = reçus, non remboursés
staff-finance-attente-paiement = en attente de paiement
staff-finance-cette-campagne-existe-pas = Cette campagne n'existe pas.
staff-finance-date-comme-2026-03-14 = Une date comme 2026-03-14.
staff-finance-annee-comme-2026 = Une année comme 2026.
staff-finance-choisissez-etat-dans-liste = Choisissez un état dans la liste.
staff-finance-choisissez-moyen-paiement-dans-liste = Choisissez un moyen de paiement dans la liste.
staff-finance-choisissez-ponctuel-ou-mensuel = Choisissez ponctuel ou mensuel.
staff-finance-100-caracteres-plus = 100 caractères au plus.
staff-finance-sans-adresse-electronique = sans adresse électronique
staff-finance-don-cree = Don créé
staff-finance-paiement-recu = Paiement reçu
staff-finance-evenement-event-type = Événement { $event-type }
staff-finance-courriel-remerciement = Courriel de remerciement
staff-finance-suite-remboursement-recu = Suite du remboursement (reçu)
staff-finance-courriel-recu = Courriel du reçu
staff-finance-courriel-annulation-recu = Courriel d'annulation du reçu
staff-finance-non-envoye-pas-adresse-electronique = non envoyé : pas d'adresse électronique
staff-finance-abandonne-apres-plusieurs-essais = abandonné après plusieurs essais
staff-finance-cours = en cours
staff-finance-remboursement-equipe = Remboursement par l'équipe
staff-finance-don-hors-ligne-enregistre = Don hors ligne enregistré
staff-finance-remboursement-enregistre-barre-progression-recu = Remboursement enregistré : la barre de progression et le reçu fiscal suivent.
staff-finance-recu-fiscal-emis-il-part = Reçu fiscal émis : il part par courriel au donateur.
staff-finance-pas-recu-don-reste-inferieur = Pas de reçu : le don reste inférieur au montant minimum des réglages.
staff-finance-donnees-donateur-effacees-recus-fiscaux = Données du donateur effacées : les reçus fiscaux émis et les paiements qu'ils attestent restent, comme la loi l'impose.
staff-finance-cochez-cette-case-confirmer-effacement = Cochez cette case pour confirmer l'effacement.
staff-finance-don-mensuel-pas-pu-etre = Le don mensuel n'a pas pu être arrêté auprès du prestataire de paiement : rien n'a été effacé. Réessayez dans quelques minutes.
staff-finance-ce-don-rien-rembourser = Ce don n'a rien à rembourser.
staff-finance-indiquez-montant-entre-0-01 = Indiquez un montant entre 0,01 € et { $remaining }.
staff-finance-cochez-case-confirmer-argent-rendu = Cochez la case pour confirmer : l'argent rendu ne peut pas être repris.
staff-finance-ce-don-ete-paye-provider = Ce don a été payé par « { $provider } », qui n'est pas configuré sur ce serveur : remboursez-le depuis le tableau de bord du prestataire.
staff-finance-ce-paiement-pas-reference-chez = Ce paiement n'a pas de référence chez le prestataire.
staff-finance-prestataire-paiement-refuse-remboursement-rien = Le prestataire de paiement a refusé le remboursement ; rien n'a changé. Réessayez ou voyez son tableau de bord.
staff-finance-autre-remboursement-ce-don-vient = Un autre remboursement de ce don vient d'être enregistré : celui-ci dépasserait ce qui reste. Rechargez la page.
staff-home-presenter-organisme = Présenter l'organisme
staff-home-son-nom-son-logo-sa = Son nom, son logo, sa couleur, son site, l'adresse de contact et l'adresse postale : ce que chaque page et chaque courriel montrent aux donateurs.
staff-home-completer-recus-fiscaux = Compléter les reçus fiscaux
staff-home-numero-rna-ou-siren-categorie = Le numéro RNA ou SIREN, la catégorie, le signataire et sa signature : sans eux, aucun reçu n'est émis.
staff-home-completer-recus = Compléter les reçus
staff-home-rediger-campagne = Rédiger la campagne
staff-home-titre-texte-objectif-dates-votre = Le titre, le texte, l'objectif et les dates de votre campagne, à la place de la campagne d'exemple.
staff-home-inviter-equipe = Inviter l'équipe
staff-home-tresorerie-dons-recus-exports-moderation = La trésorerie (dons, reçus, exports) et la modération du livre d'or, chacun avec son compte.
staff-home-cette-semaine = cette semaine
staff-home-title-raised-describe = { $title } : { $raised } sur { $goal }
staff-home-message-attente-moderation = message en attente de modération
staff-home-messages-attente-moderation = messages en attente de modération
staff-home-recus-attente-reglages = reçus en attente des réglages
staff-home-recus-fiscaux-mode-specimen-coordonnees = Reçus fiscaux en mode spécimen : les coordonnées sont celles de l'organisme d'exemple. Tant qu'un administrateur n'a pas enregistré celles de l'association (et la signature), chaque reçu porte « SPECIMEN », n'a aucune valeur fiscale et n'entre ni au registre, ni dans la déclaration, ni dans le journal.
staff-home-recus-fiscaux-ne-peuvent-pas = Les reçus fiscaux ne peuvent pas être émis : il manque { $missing }. Les dons attendent et recevront leur reçu une fois les réglages complétés.
staff-home-coordonnees-organisme-ne-sont-pas = Les coordonnées de l'organisme ne sont pas enregistrées.
staff-home-choisissez-annee-terminee-recus-recapitulatifs = Choisissez une année terminée : les reçus récapitulatifs d'une année s'émettent à partir du 1er janvier suivant.
staff-home-recus-recapitulatifs-year-sont-cours = Les reçus récapitulatifs { $year } sont en cours d'émission ; chaque donateur reçoit le sien par courriel.
staff-moderation-attente = En attente
staff-moderation-montant-affiche-amount = montant affiché ({ $amount })
staff-moderation-montant-non-affiche = montant non affiché
staff-moderation-date-supprim = { $date } par { $who }
staff-moderation-message-publie = message publié
staff-moderation-messages-publies = messages publiés
staff-moderation-message-refuse = message refusé
staff-moderation-messages-refuses = messages refusés
staff-moderation-message-masque = message masqué
staff-moderation-messages-masques = messages masqués
staff-moderation-aucun-message-change-ils-avaient = Aucun message n'a changé : ils avaient déjà été traités, ou aucun n'était coché.
staff-moderation-motif-refus-est-ecrit-rien = Un motif de refus est écrit : rien n'est publié. Cliquez sur « Refuser » pour refuser, ou videz le motif pour publier.
staff-monthly-pas-encore-commence = pas encore commencé
staff-monthly-rien-change-cochez-case-confirmation = Rien n'a changé : cochez la case de confirmation pour arrêter un don mensuel.
staff-monthly-don-mensuel-est-arrete-plus = Le don mensuel est arrêté : plus aucun prélèvement. Le donateur en est informé par courriel.
staff-offline-montant-euros = Montant, en euros
staff-offline-date-reception = Date de réception
staff-offline-date-figurera-recu-fiscal = La date figurera sur le reçu fiscal.
staff-offline-numero-cheque = Numéro du chèque
staff-offline-cheque = Pour un chèque.
staff-offline-reference-virement = Référence du virement
staff-offline-virement-libelle-releve = Pour un virement : le libellé du relevé.
staff-offline-denomination-entreprise = Dénomination de l'entreprise
staff-offline-sas-sarl-sa = SAS, SARL, SA…
staff-offline-numero-siren = Numéro SIREN
staff-offline-adresse-electronique-facultative = Adresse électronique (facultative)
staff-offline-remerciement-recu-y-sont-envoyes = Le remerciement et le reçu y sont envoyés. Sans adresse, imprimez le reçu et envoyez-le par courrier.
staff-offline-indiquez-prenom-donateur = Indiquez le prénom du donateur.
staff-offline-indiquez-nom-donateur = Indiquez le nom du donateur.
staff-offline-indiquez-adresse-electronique-donateur-remerciement = Indiquez l'adresse électronique du donateur : le remerciement et le reçu y sont envoyés.
staff-offline-recu-fiscal-exige-adresse-postale = Le reçu fiscal exige l'adresse postale du donateur.
staff-offline-indiquez-code-postal-donateur = Indiquez le code postal du donateur.
staff-offline-indiquez-ville-donateur = Indiquez la ville du donateur.
staff-offline-indiquez-montant-don = Indiquez le montant du don.
staff-offline-choisissez-campagne-ce-don-soutient = Choisissez la campagne que ce don soutient.
staff-register-annee-invalide-indiquez-annee-comme = Année invalide : indiquez une année comme 2026.
staff-register-annule-remplace-by = annulé, remplacé par le n° { $by }
staff-register-status-remplace-old = { $status }, remplace le n° { $old }
staff-register-recapitulatif-annuel = récapitulatif annuel
staff-register-b = { $from } au { $to }
staff-register-recu-part-nouveau-courriel-donateur = Le reçu part à nouveau par courriel au donateur.
staff-register-recu-est-annule-donateur-est = Le reçu est annulé ; le donateur en est informé par courriel.
staff-register-recu-est-annule-remplace-nouveau = Le reçu est annulé et remplacé par un nouveau aux coordonnées actuelles du donateur ; il lui est envoyé.
staff-register-ce-recu-etait-deja-annule = Ce reçu était déjà annulé : rien n'a changé.
staff-register-indiquez-motif-annulation-il-figure = Indiquez le motif de l'annulation : il figure au registre.
staff-register-500-caracteres-plus = 500 caractères au plus.
staff-register-cochez-case-confirmer-recu-annule = Cochez la case pour confirmer : un reçu annulé ne redevient jamais valable.
staff-settings-nom-ou-denomination = Nom ou dénomination
staff-settings-site-organisme = Site de l'organisme
staff-settings-exemple-https-association-fr-tete = Par exemple https://association.fr : l'en-tête des pages de dons y renvoie.
staff-settings-adresse-contact = Adresse de contact
staff-settings-reponses-donateurs-courriels-page-contact = Les réponses des donateurs aux courriels et la page « Contact » y mènent.
staff-settings-numero-siren-ou-rna = Numéro SIREN ou RNA
staff-settings-obligatoire-recus-depuis-cerfa-11580 = Obligatoire sur les reçus depuis le Cerfa 11580*05.
staff-settings-nom-signataire = Nom du signataire
staff-settings-qualite-signataire = Qualité du signataire
staff-settings-exemple-president-tresoriere = Par exemple : Président, Trésorière.
staff-settings-montant-minimum-recu-euros = Montant minimum d'un reçu, en euros
staff-settings-0-recu-tout-don-qui = 0 : un reçu pour tout don qui en demande un.
staff-settings-iban-compte = IBAN du compte
staff-settings-celui-qui-recoit-virements-donateurs = Celui qui reçoit les virements des donateurs (il leur est indiqué avec une référence personnelle).
staff-settings-8-ou-11-caracteres-exemple = 8 ou 11 caractères, par exemple AGRIFRPP.
staff-settings-envoi-recus-recapitulatifs-dons-mensuels = Envoi des reçus récapitulatifs des dons mensuels (jour/mois)
staff-settings-ceux-annee-ecoulee-partent-eux = Ceux de l'année écoulée partent d'eux-mêmes ce jour-là, par exemple 15/01.
staff-settings-image-depasse-1-mo-reduisez = L'image dépasse 1 Mo : réduisez-la avant de l'envoyer.
staff-settings-envoyez-image-format-png = Envoyez une image au format PNG.
staff-settings-cette-image-png-est-illisible = Cette image PNG est illisible.
staff-settings-indiquez-jour-mois-exemple-15 = Indiquez un jour et un mois, par exemple 15/01 (le 29/02 n'existe pas chaque année).
staff-settings-cette-adresse-electronique-ne-semble = Cette adresse électronique ne semble pas valide (exemple : contact@association.fr).
staff-settings-5-000-caracteres-plus = 5 000 caractères au plus.
staff-campaign-form-max-label-caracteres-plus-libelle = { $max-label } caractères au plus par libellé (« { $start } … »).
staff-campaign-form-choisissez-langue-dans-liste = Choisissez une langue dans la liste.
staff-campaign-form-donnez-aussi-titre-dans-cette = Donnez aussi le titre dans cette langue, ou laissez ses autres champs vides.
staff-campaign-form-max-title-caracteres-plus = { $max-title } caractères au plus.
staff-campaign-form-max-body-caracteres-plus = { $max-body } caractères au plus.
staff-campaign-form-max-thanks-caracteres-plus = { $max-thanks } caractères au plus.
staff-campaign-form-donnez-titre-campagne = Donnez un titre à la campagne.
staff-campaign-form-objectif-entre-1-100-000 = Un objectif entre 1 € et 100 000 000 €.
staff-campaign-form-indiquez-objectif-euros-exemple-60000 = Indiquez l'objectif en euros, par exemple 60000.
staff-campaign-form-nombre-donateurs-entre-1-10 = Un nombre de donateurs entre 1 et 10 000 000.
staff-campaign-form-choisissez-objectif-euros-ou-donateurs = Choisissez un objectif en euros ou en donateurs.
staff-campaign-form-date-comme-2026-11-01 = Une date comme 2026-11-01.
staff-campaign-form-date-comme-2026-12-31 = Une date comme 2026-12-31.
staff-campaign-form-fin-ne-peut-pas-preceder = La fin ne peut pas précéder le début.
staff-campaign-form-part-est-pas-montant-entre = « { $part } » n'est pas un montant entre 1 € et 100 000 €.
staff-campaign-form-max-suggested-montants-suggeres-plus = { $max-suggested } montants suggérés au plus.
staff-campaign-form-libelle-montant-suggere-dans-leur = Un libellé par montant suggéré, dans leur ordre : { $suggested } montants, { $most-labels } libellés.
staff-campaign-form-choisissez-comment-comptent-dons-mensuels = Choisissez comment comptent les dons mensuels.
staff-offline-choisissez-cheque-virement-ou-especes = Choisissez chèque, virement ou espèces.
staff-offline-max-caracteres-plus = { $max } caractères au plus.
staff-offline-indiquez-numero-cheque = Indiquez le numéro du chèque.
staff-offline-cheque-cheque-number = chèque n° { $cheque-number }
staff-offline-cheque-cheque-number-bank = chèque n° { $cheque-number }, { $bank }
staff-offline-virement-ref-reference = virement, réf. { $reference }
staff-offline-indiquez-date-reception-exemple-2026 = Indiquez la date de réception, par exemple 2026-03-14.
staff-offline-date-reception-ne-peut-pas = La date de réception ne peut pas être dans le futur.
staff-offline-cette-date-est-trop-ancienne = Cette date est trop ancienne.
staff-csv-choisissez-separateur-colonnes = Choisissez le séparateur des colonnes.
staff-csv-indiquez-nom-colonne-date = Indiquez le nom de la colonne de la date.
staff-csv-choisissez-ordre-date = Choisissez l'ordre de la date.
staff-csv-indiquez-colonne-montant-ou-celle = Indiquez la colonne du montant, ou celle des crédits.
staff-csv-indiquez-nom-colonne-libelle = Indiquez le nom de la colonne du libellé.
staff-csv-ce-fichier-est-pas-csv = Ce fichier n'est pas un CSV lisible : { $error }
staff-csv-aucune-ligne-fichier-ne-nomme = Aucune ligne du fichier ne nomme à la fois les colonnes « { $date } » et « { $label } » (séparateur « { $char } »). Première ligne lue : { $first }
staff-csv-aucune-colonne-name-dans-fichier = Aucune colonne « { $name } » dans le fichier (colonnes : { $columns }).
staff-csv-ligne-at-date-illisible-date = Ligne { $at } : date illisible « { $date-text } ».
staff-csv-ligne-at-montant-illisible-text = Ligne { $at } : montant illisible « { $text } ».
staff-csv-ce-releve-ne-contient-aucune = Ce relevé ne contient aucune opération datée.
staff-csv-trim-first-last = { $bank } du { $first } au { $last }
staff-guestbook-motif-fait-plus-max-reason = Le motif fait au plus { $max-reason } caractères.
staff-reconcile-meme-montant = même montant
staff-reconcile-meme-nom = même nom
staff-reconcile-promis-jour-meme = promis le jour même
staff-reconcile-promis-veille = promis la veille
staff-campaign-chaque-versement-mensuel-compte-il = Chaque versement mensuel compte dès qu'il est reçu ; les sommes remboursées sont déduites.
staff-campaign-don-mensuel-compte-douze-mois = Un don mensuel compte pour douze mois dès son premier versement ; les sommes remboursées sont déduites.
staff-campaign-campagne-terminee = Campagne terminée
staff-filter-refunded = remboursés
staff-filter-failed = échoués
staff-filter-all = tous
staff-method-card = carte
staff-method-cheque = chèque
staff-method-transfer = virement
staff-method-cash = espèces
staff-status-succeeded = reçu
staff-status-failed = échoué
staff-status-refunded = remboursé
staff-finance-job = Tâche
staff-receipt-valid = valide
staff-receipt-cancelled = annulé
staff-moderation-tab-approved = Publiés
staff-moderation-tab-rejected = Refusés
staff-moderation-tab-hidden = Masqués
staff-offline-method-cheque = Chèque
staff-offline-method-transfer = Virement
staff-offline-method-cash = Espèces
staff-event-applied = appliqué
staff-event-duplicate = doublon
staff-event-refused = refusé
staff-event-failed = échec
staff-monthly-active = actif
staff-monthly-cancelled = arrêté
staff-bank-import-report = Relevé { $id } : { $new } ({ $already }), { $confirmed }
staff-bank-import-new = { $n ->
    [one] { $count } ligne nouvelle
   *[other] { $count } lignes nouvelles
}
staff-bank-import-already = { $n ->
    [one] { $count } déjà importée
   *[other] { $count } déjà importées
}
staff-bank-import-confirmed = { $n ->
    [one] { $count } don reçu par virement confirmé
   *[other] { $count } dons reçus par virement confirmés
}
staff-bank-import-deposits = { $n ->
    [one] , remise de chèques pointée : { $list }
   *[other] , remises de chèques pointées : { $list }
}
staff-goal-donors = { $n ->
    [one] { $count } donateur
   *[other] { $count } donateurs
}
staff-campaigns-slug-label = Identifiant (dans l'adresse)
staff-campaigns-title-label = Titre
staff-campaigns-first-day = Premier jour
staff-campaigns-last-day = Dernier jour (inclus)
staff-campaigns-slug-taken = Une autre campagne a déjà cet identifiant.
staff-finance-paid-by = paiement : { $provider }
staff-finance-recorded = Don enregistré : il compte dans la barre de progression ; le remerciement et le reçu partent par courriel.
staff-finance-recorded-by-post = Don enregistré : il compte dans la barre de progression. Le donateur n'a pas d'adresse électronique : imprimez son reçu et envoyez-le par courrier.
staff-moderation-deleted-account = un compte supprimé
staff-offline-bank = Banque
staff-offline-legal-form = Forme juridique
staff-offline-nine-digits = 9 chiffres.
staff-offline-first-name = Prénom
staff-offline-last-name = Nom
staff-offline-address = Adresse
staff-offline-postal-code = Code postal
staff-offline-city = Ville
staff-settings-city = Commune
staff-register-gap = { $from } à { $to }
staff-bank-received-pledged = { $id } (promis { $pledged })
staff-role-admin = administration
staff-role-finance = finances
staff-role-moderator = modération
staff-campaign-slug-invalid = L'identifiant doit faire 1 à 64 caractères : lettres minuscules sans accent, chiffres et tirets.
staff-phase-running = { $n ->
    [0] Dernier jour
    [1] Dernier jour
   *[other] { $count } jours restants
}
staff-phase-upcoming = { $n ->
    [0] Commence demain
    [1] Commence demain
   *[other] Commence dans { $count } jours
}
staff-reconcile-days-before = promis { $count } jours avant
staff-bank-unreadable-amount = un montant illisible
staff-bank-no-statement-element = il manque l'élément BkToCstmrStmt
staff-bank-entry-no-direction = une écriture sans sens (CRDT ou DBIT)
staff-bank-entry-no-date = une écriture sans date
staff-bank-entry-no-amount = une écriture sans montant
staff-bank-batch-no-amount = une opération groupée sans montant
staff-bank-err-unreadable = Ce fichier n'est pas un relevé CAMT.053 lisible : { $what }
staff-bank-err-currency = Le relevé contient des montants dans une autre devise que l'euro ({ $what }).
staff-bank-err-handled = Cette ligne a déjà été traitée.
staff-bank-err-not-a-credit = Seul un crédit peut être rapproché d'un don.
staff-bank-err-no-reference = Indiquez la référence du don (par exemple DON-7KQ4-PE), avec sa clé de contrôle.
staff-bank-err-unknown-reference = Aucun don promis par virement ne porte la référence { $what }.
staff-bank-err-not-waiting = Le don { $what } n'attend plus de virement.
staff-bank-err-no-note = Indiquez pourquoi cette ligne est écartée (par exemple : cotisation, subvention).
staff-bank-err-not-this-deposit = Ce bordereau n'attend pas ce crédit.
staff-site-website-invalid = Indiquez l'adresse complète du site, par exemple https://association.fr.
staff-site-colour-invalid = Indiquez une couleur au format #rrvvbb, par exemple #6a3d9a.
staff-site-colour-too-light = Cette couleur est trop claire : le texte blanc des boutons et de l'en-tête y serait illisible. Choisissez une teinte plus foncée.
staff-guestbook-anonymous = Anonyme
staff-missing-legal-name = la dénomination
staff-missing-registration = le numéro SIREN ou RNA
staff-missing-address = l'adresse
staff-missing-postal-code = le code postal
staff-missing-city = la ville
staff-missing-object = l'objet
staff-missing-signatory-name = le nom du signataire
staff-missing-signatory-role = la qualité du signataire
staff-missing-category = la catégorie de l'organisme
staff-missing-decree-date = la date du décret de reconnaissance d'utilité publique
staff-missing-jo-date = la date de publication du décret au Journal officiel
staff-missing-category-detail = la précision de la catégorie « Autres »
staff-missing-category-75 = une catégorie ouvrant le taux de 75 %
staff-missing-signature = la signature (une image, sur la page de l'organisation)
staff-provider-offline = hors ligne (enregistré par l'équipe)
staff-provider-demo = démonstration (aucun paiement réel)

# The command line and the server's start (an operator's words).
cli-sample-created = Base vide : la campagne d'exemple « Dorlotons Dégooglisons » a été créée.
cli-sample-organisation = Organisme d'exemple : les reçus fiscaux sont des spécimens tant qu'un administrateur n'a pas enregistré les coordonnées de l'association (/admin/organisation).
cli-booked = { $n ->
    [one] { $count } écriture passée
   *[other] { $count } écritures passées
}
cli-journal-caught-up = Journal comptable : { $entries } pour des mouvements enregistrés auparavant.
cli-demo-mode = Mode démonstration : aucun paiement réel (configurez STRIPE_SECRET_KEY pour encaisser).
cli-first-admin = Créez le premier compte administrateur (lien à usage unique, valable 48 h) : { $link }
cli-no-smtp = Pas de SMTP_URL : les courriels sont écrits dans { $dir }/
cli-ready = soutenir est prêt : { $url }
cli-migrated = Base de données à jour ({ $backend }).
cli-reconciled = { $n ->
    [one] { $count } paiement régularisé.
   *[other] { $count } paiements régularisés.
}
cli-staff-link = Lien à usage unique pour { $email } (valable 48 h) : { $link }
cli-annual-bar = {"}}msg{{"} [{"}}bar:40{{"}] {"}}pos{{"}/{"}}len{{"} donateurs ({"}}eta{{"})
cli-annual-receipts = Reçus { $year }
cli-annual-done = { $issued } { $year } émis, { $already } déjà émis auparavant, { $replaced } (versements de l'année remboursés depuis), { $supplements } (versements de l'année enregistrés après le récapitulatif), { $skipped } sans reçu (non demandé, adresse incomplète ou sous le minimum).
cli-annual-issued = { $n ->
    [one] { $count } reçu récapitulatif
   *[other] { $count } reçus récapitulatifs
}
cli-annual-replaced = { $n ->
    [one] { $count } annulé et remplacé
   *[other] { $count } annulés et remplacés
}
cli-annual-supplements = { $n ->
    [one] { $count } reçu complémentaire
   *[other] { $count } reçus complémentaires
}
cli-donors = { $n ->
    [one] { $count } donateur
   *[other] { $count } donateurs
}
cli-annual-sent-later = Ils partiront par courriel au prochain démarrage du serveur (ou tout de suite s'il tourne).
cli-purged = Conservation { $years } ans : { $donors }, { $receipts } et { $events } de paiement sans données personnelles, { $jobs }.
cli-purged-donors = { $n ->
    [one] { $count } donateur anonymisé
   *[other] { $count } donateurs anonymisés
}
cli-receipts = { $n ->
    [one] { $count } reçu
   *[other] { $count } reçus
}
cli-events = { $n ->
    [one] { $count } événement
   *[other] { $count } événements
}
cli-purged-jobs = { $n ->
    [one] { $count } tâche terminée supprimée
   *[other] { $count } tâches terminées supprimées
}
cli-demo-charged = { $n ->
    [one] { $count } don mensuel de démonstration prélevé.
   *[other] { $count } dons mensuels de démonstration prélevés.
}
cli-erased-by = ligne de commande
cli-erased = Donateur { $donor } : données effacées ({ $stopped }, { $kept } comme la loi l'impose).
cli-erased-stopped = { $n ->
    [one] { $count } don mensuel arrêté
   *[other] { $count } dons mensuels arrêtés
}
cli-erased-kept = { $n ->
    [one] { $count } reçu fiscal gardé
   *[other] { $count } reçus fiscaux gardés
}
cli-erased-none = Donateur { $donor } : inconnu ou déjà effacé, rien à faire.
cli-bar-entries = écritures
cli-bar-receipts = reçus
cli-bar-gifts = dons
cli-entries = { $n ->
    [one] { $count } écriture
   *[other] { $count } écritures
}
cli-written = { $path } : { $rows }, { $bytes } octets
cli-written-timed = { $path } : { $rows }, { $bytes } octets, { $seconds } s
cli-rows-or-files = { $n ->
    [one] { $count } ligne ou fichier
   *[other] { $count } lignes ou fichiers
}
cli-valid-issued = { $n ->
    [one] { $count } reçu valide émis
   *[other] { $count } reçus valides émis
}
cli-year-figures = { $issued } en { $year }, total { $total } ; à déclarer pour { $year } (article 222 bis, dons reçus en { $year } quelle que soit la date du reçu) : { $declared }, total { $declared-total } (particuliers : { $individuals }, entreprises : { $companies }).
cli-not-an-address = « { $part } » n'est ni une adresse IP ni un réseau (10.0.0.0/8)
staff-home-gifts = { $n ->
    [one] { $count } don
   *[other] { $count } dons
}
cli-gifts = { $n ->
    [one] { $count } don
   *[other] { $count } dons
}
staff-date-at-time = { $date } à { $time }
