# soutenir — English. Every key of fr.ftl, translated (a test checks it).

## How this language writes numbers, amounts and dates

language-name = English
number-group = ,
number-decimal = .
money = €{ $amount }
month-name = { $month ->
    [1] January
    [2] February
    [3] March
    [4] April
    [5] May
    [6] June
    [7] July
    [8] August
    [9] September
    [10] October
    [11] November
   *[12] December
}
date = { $day } { $month } { $year }

## Every page's frame

lang-switch = Language
skip-link = Skip to content
demo-banner = Demonstration mode — no real payment is taken on this site.
footer-nav = Information
footer-legal = Legal notice
footer-privacy = Personal data
footer-contact = Contact
footer-my-gifts = Find my gifts
footer-powered = Powered by <strong>soutenir</strong>, free software for associations' donation campaigns.

## Error pages

error-home = Back to the home page
error-not-found-title = Page not found
error-not-found = This page does not exist, or no longer does. Check the address, or go back to the home page.
error-expired-title = Form expired
error-expired = For your security, this form is no longer valid. Go back to the campaign page, reload it, then send your gift again.
error-unreadable-title = Unreadable request
error-unreadable = The form could not be read: nothing was recorded. Go back to the page, reload it, then send it again.
error-archived-title = Receipt archived
error-archived = This receipt is past the six years it must legally be kept: the personal data it held were erased. Its number, date and amount remain in the register.
error-unavailable-title = Service briefly unavailable
error-unavailable = The site cannot answer right now; nothing was recorded or charged. Try again in a few seconds.
error-internal-title = Something went wrong
error-internal = The site could not answer. Try again in a moment; if it goes on, tell the association.
error-too-large-title = Too much sent
error-too-large = What you sent is larger than accepted: nothing was recorded. Shorten your message, then try again.
too-many-title = Too many attempts
too-many = To protect donors against card fraud, we limit the number of gifts tried from one connection or for one email address. You can try again in { $wait }.
too-many-write = If you think this is a mistake, write to
too-many-the-association = the association
too-many-help = : we will help you make your gift.
too-many-back = Back to the campaign

## The bar

progress-label = Fundraising progress
progress-of-goal = of a { $goal } goal
progress-of-goal-short = of { $goal }
progress-raised = { $raised } raised
progress-aria-amount = { $raised } raised of a { $goal } goal, { $percent }%
progress-aria-donors = { $donors } of a goal of { $goal }, { $percent }%
donor-count = { $n ->
    [one] { $count } donor
   *[other] { $count } donors
}
donation-count = { $n ->
    [one] { $count } gift received
   *[other] { $count } gifts received
}
donations-so-far = { $donations } so far.
phase-last-day = Last day
phase-days-left = { $n ->
    [one] { $count } day left
   *[other] { $count } days left
}
phase-starts-tomorrow = Starts tomorrow
phase-starts-in = Starts in { $count } days
phase-ended = Campaign over
counting-each-payment = Each monthly payment counts once received; refunds are deducted.
counting-yearly-pledge = A monthly gift counts for twelve months from its first payment; refunds are deducted.

## The campaign page

campaign-give = Donate
campaign-ended = This campaign is over. Thank you to everyone who supported it!
campaign-upcoming = This campaign has not started yet.
guestbook-title = Guestbook
guestbook-empty = No message published yet: leave the first one with your gift.
guestbook-all = Read every message of the guestbook
guestbook-meta-date = on { $date }
relay-title = Share the campaign
relay-text = Show the progress bar, updated live, on your site or blog: copy one of these codes.
relay-copy = Copy
error-prefix = Error

## The gift form

form-errors = { $n ->
    [one] Your gift has not gone yet: check the field marked.
   *[other] Your gift has not gone yet: check the fields marked.
}
form-frequency = Frequency
form-once = Once
form-monthly = Every month
form-amount = Amount
form-amount-other = Other amount
form-amount-free = Any amount, in euros
form-amount-placeholder = e.g. 45
form-giver = I give
form-as-person = In my own name
form-as-company = On behalf of a company
form-company-hint = For a company's gift: the companies' tax receipt (article 238 bis of the French tax code) bears its name, legal form, SIREN number and address.
form-company-name = Company name
form-company-legal-form = Legal form
form-company-legal-form-placeholder = SAS, SARL…
form-company-siren = SIREN number
form-company-siren-placeholder = 9 digits
form-details = Your details
form-email = Email address
form-first-name = First name
form-last-name = Last name
form-address-why = The tax receipt must bear your full postal address: without it, we cannot issue it.
form-address = Address
form-postal-code = Postal code
form-city = City
form-country = Country
form-wants-receipt = I would like a tax receipt (for French taxpayers)
form-guestbook = A word for the guestbook
form-optional = (optional)
form-message = Message
form-message-hint = Published once our team has read it, 1,000 characters at most.
form-display-name = Name shown
form-display-name-hint = Leave empty to appear as “Anonymous”.
form-show-amount = Show the amount of my gift with my message
form-payment = I pay
form-online = Online
form-online-hint = card or direct debit
form-transfer = By bank transfer
form-transfer-hint = one-off gifts
form-transfer-explained = By transfer, you get our bank details and a reference to write: your gift counts when it arrives.
form-honeypot = Leave empty
form-submit = Continue to payment
form-reassure-secure = Payment secured by Stripe: card or SEPA direct debit. Your bank details never pass through this site.
form-reassure-stop = You can stop your monthly gift at any time, from your donor space.

## Shared words

anonymous = Anonymous
amount-monthly = { $amount } a month
relay-iframe = Frame (iframe)
relay-script = Script
relay-image = Image (README, email)
relay-json = JSON data
relay-badge-alt = Campaign progress
embed-raised-of = raised of
badge-figures = { $achieved } of { $goal } — { $percent }%
progress-pledged-before = Plus
progress-pledged-after = pledged by bank transfer, counted when it reaches the account.
percent = { $percent }%
of-the-goal = of the goal

## More error pages

error-payment-down-title = Payment briefly unavailable
error-payment-down = The payment service does not answer: nothing was charged. Go back and try again in a few minutes.
error-journal-since-title = Invalid entry number
error-journal-since = Give the number of the last entry imported (a whole number), or nothing for the whole year.
error-forbidden-title = Access refused
error-forbidden = Your role does not give access to this page. Ask an administrator if you need it.
error-link-gone-title = Link expired or already used
error-link-gone = This one-time link is no longer valid. Ask an administrator for a new one.
error-unknown-receipt-title = Unknown receipt
error-unknown-receipt = No receipt matches this link. Check that it was copied whole, or contact the organisation that issued it.
error-cross-site-title = Request refused
error-cross-site = This request came from another site: nothing was recorded. If you really meant it, come back to our page and send the form from there.
minutes = { $n ->
    [one] { $count } minute
   *[other] { $count } minutes
}

## The gift form's messages, beside each field

err-amount-min = The minimum gift is { $min }.
err-amount-max = Above { $max } online, contact us to give by bank transfer.
err-amount-choose = Choose or type an amount.
err-amount-empty = Give an amount.
err-amount-nan = The amount must be a number, for example 30 or 30.50.
err-amount-negative = The amount cannot be negative.
err-amount-decimals = The amount has at most two decimals.
err-amount-large = This amount is too large.
err-too-long = { $max } characters at most.
err-company-name = Give the company's name, as the receipt will bear it.
err-company-legal-form = Give the company's legal form (SAS, SARL, SA…).
err-siren-missing = Give the company's SIREN number (9 digits): the companies' receipt requires it.
err-siren-digits = A SIREN number has exactly 9 digits (the first 9 of the SIRET).
err-siren-unknown = This SIREN number does not exist: check it on the Kbis extract or the Insee notice.
err-first-name = Give your first name.
err-last-name = Give your last name.
err-address = The tax receipt requires your postal address.
err-company-address = The tax receipt requires the company's address.
err-postal-code = Give your postal code.
err-city = Give your city.
err-country = Choose a country from the list.
err-postal-code-fr = A French postal code has five digits.
err-postal-code-invalid = This postal code does not look valid.
err-frequency = Choose “Once” or “Every month”.
err-monthly-transfer = A monthly gift is paid by card or direct debit; for a standing order, make a one-off gift by transfer and set it up with your bank.
err-payment = Choose a way to pay from the list.
err-transfer-not-offered = Giving by bank transfer is not offered at the moment: choose card or direct debit.
err-email-missing = Give your email address, to receive the receipt and news of your gift.
err-email-invalid = This email address does not look valid (for example: first.last@example.org).
err-donor-kind = Choose “In my own name” or “On behalf of a company”.
err-message-long = Your message has { $chars } characters; { $max } at most.

## The tax reduction (article 200 and 238 bis of the French tax code)

tax-below-minimum = Gifts under { $min } get no tax receipt, hence no French tax reduction.
tax-person-cost = For French taxpayers: after the { $percent }% income tax reduction, your gift costs you { $cost }{ $monthly ->
    [yes] {" "}a month
   *[no] {""}
}.
tax-company-cost = For companies taxed in France: after the 60% tax reduction, this gift costs your company { $cost }{ $monthly ->
    [yes] {" "}a month
   *[no] {""}
} (reduction counted within €20,000 or 0.5% of turnover excluding tax, whichever is higher).
tax-example = For French taxpayers: after the { $percent }% tax reduction, a { $gift } gift costs you { $cost }.
tax-after-reduction = { $cost } after French tax reduction
tax-ceiling-person = In France, the reduction is capped at 20% of taxable income; any excess carries over to the next five years. Taxpayers elsewhere get no French reduction.
tax-ceiling-company = For a company taxed in France, the reduction is 60% of the gift, counted within €20,000 or 0.5% of turnover excluding tax if higher; any excess carries over to the next five financial years. The receipt follows the companies' model (Cerfa no. 16216*03).

## Countries of the form (ISO 3166 codes); receipts keep the French names

country-FR = France
country-DE = Germany
country-AD = Andorra
country-AT = Austria
country-BE = Belgium
country-BJ = Benin
country-BF = Burkina Faso
country-CM = Cameroon
country-CA = Canada
country-CI = Côte d'Ivoire
country-DK = Denmark
country-ES = Spain
country-US = United States
country-FI = Finland
country-GR = Greece
country-HU = Hungary
country-IE = Ireland
country-IT = Italy
country-JP = Japan
country-LU = Luxembourg
country-MG = Madagascar
country-ML = Mali
country-MA = Morocco
country-MC = Monaco
country-NO = Norway
country-NL = Netherlands
country-PL = Poland
country-PT = Portugal
country-CZ = Czechia
country-RO = Romania
country-GB = United Kingdom
country-SN = Senegal
country-SE = Sweden
country-CH = Switzerland
country-TN = Tunisia
country-DZ = Algeria

## A gift's pages: payment, thank-you, transfer

thanks-title = Thank you
thanks-your-gift = Your gift
thanks-heading = Thank you, { $name }!
thanks-recorded-before = Your gift of
thanks-recorded-after = to “{ $campaign }” is recorded.
thanks-company = A company's gift, on behalf of { $company }: its tax receipt will follow the companies' model (Cerfa no. 16216*03).
thanks-receipt = Your tax receipt will be sent to you by email.
thanks-receipt-yearly = Your yearly summary tax receipt will be sent to you by email early next year.
thanks-no-receipt = No tax receipt is issued for this gift.
thanks-message-pending = Your guestbook message will be published once the team has read it.
thanks-email-coming = A confirmation email is on its way.
thanks-monthly-offer = Want to go further? A monthly gift, however small, helps the association plan ahead.
thanks-monthly-link = Give { $amount } every month
thanks-monthly-stop = (you can stop at any time)
thanks-share = Spread the word
share-text = I supported “{ $campaign }”: your turn?
share-by-email = By email
thanks-pending-title = Payment being confirmed
thanks-pending = to “{ $campaign }” awaits the bank's confirmation. You will get an email as soon as it arrives.
thanks-failed-title = The payment did not go through
thanks-failed = was not taken and nothing was charged.
thanks-retry = Try again
thanks-retry-kept = (the form keeps what you typed)
pay-demo-title = Payment (demonstration)
pay-demo-flag = Demonstration mode — no real payment
pay-demo-heading = Paying your gift
pay-demo-gift-before = A gift of
pay-demo-gift-after = to “{ $campaign }”.
pay-demo-explained = On a real site, you would now be on the secure payment page (card or SEPA direct debit). Here, choose how the simulated payment ends:
pay-demo-pay = Pay
pay-demo-fail = Simulate a failure
transfer-title = Your gift by bank transfer
transfer-arrived-before = Your transfer has arrived: your gift of
transfer-arrived-after = to “{ $campaign }” is counted. Thank you!
transfer-how-before = To pay your gift of
transfer-how-after = to “{ $campaign }”, make a transfer from your bank with these details (they are also sent to you by email):
transfer-holder = Beneficiary
transfer-reference = Reference
transfer-write-it = Do write the reference { $reference } in the transfer's label: it is what links your transfer to your gift. Your gift counts on the bar and your tax receipt is issued as soon as the transfer reaches our account (a few working days).

## The guestbook page

guestbook-intro-before = The words left by the donors of
guestbook-intro-after = , published once read.
guestbook-latest = Back to the latest messages
guestbook-no-older = There is no older message.
guestbook-none = No message published yet. Yours may be the first!
guestbook-older = Older messages

## Emails

mail-hello = Hello { $name },
mail-thanks-subject = Thank you for your gift to “{ $campaign }”
mail-of-date = made on { $date }
mail-receipt-attached = Your tax receipt no. { $number } is attached to this message (in French, as the law has it); you can also download it from your donor space.
mail-receipt-specimen = It is a specimen, of no value for tax: the association has not recorded its real details yet.
mail-below-minimum = Gifts under { $min } get no tax receipt.
mail-follow = Follow the campaign
mail-space = Your donor space (your gifts, your monthly gift)
mail-space-short = Your donor space
mail-signoff = Thank you for your support,
mail-team = The { $org } team
mail-team-anonymous = The team
mail-footer = You get this message because you made a gift. It was sent automatically; you may answer it to write to us.
mail-transfer-subject = Your gift by bank transfer: reference { $reference }
mail-transfer-thanks-before = Thank you for your gift of
mail-transfer-thanks-after = to “{ $campaign }”. To pay it, make a transfer from your bank:
mail-transfer-reference = Reference to write in the label
mail-transfer-why = The reference links your transfer to your gift: your gift counts and your tax receipt is issued as soon as the transfer reaches our account.
mail-thanks-exclaim = Thank you!

## The donor space

space-title = My donor space
space-hello = Hello
space-hello-name = Hello { $name }
space-monthly = My monthly gifts
space-monthly-none = You have no monthly gift.
space-for = to “{ $campaign }”
space-for-cap = To “{ $campaign }”
space-new-amount = New monthly amount, in euros
space-change-amount = Change the amount
space-stop-monthly = Stop this monthly gift
space-receipts = My tax receipts
space-col-number = Number
space-col-issued = Issued on
space-col-state = State
space-col-date = Date
space-col-campaign = Campaign
space-col-kind = Kind
space-col-given-as = In the name of
space-receipt-specimen = Specimen, of no value for tax
space-receipt-valid = Valid
space-receipt-cancelled = Cancelled
space-receipt-replaced = , replaced by no. { $number }
space-download = Download
space-the-receipt = receipt { $number }
space-messages = My guestbook messages
space-messages-hint = A message you change is read again by our team before it is published.
space-display-name = Name shown (empty: “Anonymous”)
space-save-message = Save the message
space-withdraw-message = Withdraw this message
space-gifts = My gifts
space-gifts-none = No gift yet.
space-details = Details for my next receipts
space-details-hint = Each gift keeps the name it was made under (above). These details apply to your gifts not yet covered by a receipt and to the next payments of your monthly gifts; receipts already issued stay as they are.
space-save-details = Save these details
space-data = My personal data
space-data-hint = Download everything we know about you, or ask for your data to be erased.
space-data-download = Download my data (JSON)
space-erase-link = Erase my data…
space-kind-once = One-off gift
space-kind-monthly = Monthly payment
space-status-part-refunded = Received, partly refunded ({ $amount })
space-status-received = Received
space-status-refunded = Refunded
space-status-pending = Awaiting confirmation
space-monthly-active = Active
space-monthly-past-due = Last debit failed
space-monthly-stopped = Stopped
space-message-published = Published in the guestbook
space-message-refused-why = Not published — reason: { $reason }
space-message-refused = Not published
space-message-hidden = Taken off the guestbook by the team
space-message-pending = Awaiting review
space-done-stopped = Your monthly gift is stopped: no further debit will be made.
space-done-amount = Noted: the new amount applies from the next debit.
space-done-message = Thank you: your changed message will be published once our team has read it.
space-done-withdrawn = Your message is withdrawn: it no longer appears anywhere.
space-done-details = Noted: your next receipts will bear these details. Receipts already issued stay as they are.
space-err-empty-message = Write your message, or withdraw it with the button for that.
request-sent = If gifts are linked to this address, a link to your donor space has just been sent to you. It is valid for 7 days.
request-intro = Give the email address you used for your gifts: we will send you a link to your donor space, where you find your gifts and manage your monthly gift.
request-submit = Get the link

## Erasing one's data

request-err-expired = The form has expired: send it again.
request-err-too-many = Too many requests from this connection: try again in an hour.
erase-title = Erase my data
erase-done-title = Your data is erased
erase-done = Your name, addresses and messages were erased. This link no longer opens anything.
erase-done-stopped = Your name, addresses and messages were erased, and your monthly gifts stopped. This link no longer opens anything.
erase-done-kept = { $n ->
    [one] As the law requires, we keep the tax receipt already issued and the payments it certifies for six years after it was issued; it will then be erased automatically.
   *[other] As the law requires, we keep the { $count } tax receipts already issued and the payments they certify for six years after they were issued; they will then be erased automatically.
}
erase-thanks = Thank you for your support.
erase-what = What will be erased
erase-what-name = your name, your email address and your postal address;
erase-what-messages = { $n ->
    [0] your guestbook messages, which will disappear from the site;
   *[other] your guestbook messages ({ $count }), which will disappear from the site;
}
erase-what-monthly = your running monthly gifts will be stopped: no further debit;
erase-what-link = this link to your donor space.
erase-kept = What the law requires us to keep
erase-kept-receipts = { $n ->
    [one] The tax receipt already issued, with the name and address it bears, and the payments it certifies: the French tax authorities may ask us for it for six years after it was issued (article L102 B of the Livre des procédures fiscales). It will then be erased automatically. Download it before you go on if you need it.
   *[other] The { $count } tax receipts already issued, with the names and addresses they bear, and the payments they certify: the French tax authorities may ask us for them for six years after they were issued (article L102 B of the Livre des procédures fiscales). They will then be erased automatically. Download them before you go on if you need them.
}
erase-kept-none = No tax receipt was issued in your name: we will keep nothing that identifies you.
erase-kept-amounts = The amounts and dates of your gifts stay in our accounts, without your name.
erase-provider = { $provider }, through whom you paid online, keeps its own record of your payments, as banking rules require: this erasure does not reach it. For your data held by this provider, contact it directly.
erase-our-provider = Our payment provider
erase-confirm = I understand that erasure is final.
erase-back = Back to my space
erase-err-confirm = Tick this box to confirm the erasure.
erase-err-provider = We could not stop your monthly gift with our payment provider: nothing was erased. Try again in a few minutes.
Stripe = Stripe

## More emails about a gift

mail-company = A company's gift, on behalf of { $company }: its tax receipt follows the companies' model (Cerfa no. 16216*03, article 238 bis of the French tax code).
mail-monthly-started-subject = Your monthly gift to “{ $campaign }” has started
mail-monthly-started = to “{ $campaign }” started
mail-monthly-started-on = on { $date }. The first payment is received; the next ones will be debited every month.
mail-monthly-summary = A summary tax receipt of the year's payments will be sent to you early next year (for French taxpayers).
mail-monthly-manage = You can change or stop your monthly gift at any time from your donor space.
mail-failed-subject = Your payment to “{ $campaign }” did not go through
mail-failed-before = Your payment of
mail-failed-after = to “{ $campaign }” did not go through: nothing was taken.
mail-failed-retry = If you wish, you can try again
mail-cancelled-subject = Your monthly gift to “{ $campaign }” is stopped
mail-cancelled = Your monthly gift to “{ $campaign }” is stopped: no further debit will be made.
mail-cancelled-thanks = Thank you for all your payments! This year's will appear on your summary tax receipt.
mail-debit-failed-subject = This month's debit for your monthly gift to “{ $campaign }” failed
mail-debit-failed = This month's debit for your monthly gift to “{ $campaign }” could not be made: your bank refused it, nothing was taken.
mail-debit-retry = We will try again automatically in the coming days. If your card or account has changed, you can stop this gift from your donor space and make a new one:
mail-signoff-loyal = Thank you for your loyalty,
mail-receipt-subject = Your tax receipt no. { $number }
mail-receipt-here = Here is your tax receipt no. { $number } (in French, as the law has it), for your gift of
mail-receipt-to = to “{ $campaign }”. It is attached to this message, as a PDF.
mail-receipt-keep = Keep it: it justifies your French tax reduction. You can also download it from your donor space

## Home, contact, a receipt's check

home-title = Campaigns
home-heading = Our campaigns
home-none = No campaign at the moment.
contact-heading = Contact { $org }
contact-by-post-only = Write to the association at its postal address:
contact-by-email = By email:
contact-by-post = By post:
contact-site = Website:
contact-space-before = For your gifts and receipts,
contact-space-link = your donor space
contact-space-after = gives you everything, without waiting for an answer.
verify-title = Checking receipt { $number }
verify-specimen-heading = Specimen no. { $number }
verify-specimen = This document is a specimen, not a tax receipt: it was made before the organisation recorded its real details, and gives no right to any tax reduction.
verify-heading = Tax receipt no. { $number }
verify-valid = This receipt is genuine and valid.
verify-cancelled = This receipt was issued, then cancelled on { $date }: it no longer gives a right to a tax reduction.
verify-replaced-before = It is replaced by
verify-replaced-link = receipt no. { $number }
verify-issuer = Issued by
verify-issued-on = Date of issue
verify-donor = Donor
verify-state-specimen = specimen, of no value for tax
verify-state-valid = valid
verify-state-cancelled = cancelled
verify-hint = The donor's name is masked. For any question, contact the issuing organisation.

## The embed's year-end reminder

reminder-year-end = { $n ->
    [one] Last day for your { $year } French tax deduction
   *[other] { $n } days left for your { $year } French tax deduction
}

## Staff pages (French, through the files too)

staff-bar = Team space
staff-sign-out = Sign out

## The legal notice and the personal-data page

legal-publisher = Publisher of the site
legal-object = Purpose: { $object }
legal-director = Director of publication: { $name }.
legal-contact = Contact:
legal-website = The organisation's website:
legal-payments = Payments
legal-payments-text = Online payments are processed by Stripe Payments Europe (Dublin, Ireland); no card data passes through this site or is kept on it.
legal-software = Software
legal-software-text = This site runs on soutenir, free software for donation campaigns.
privacy-controller = The data controller is
privacy-what = What is collected, and why
privacy-what-email = Your email address: to thank you, send you your tax receipt and give you access to your donor space.
privacy-what-name = Your first name, last name and postal address: the French tax receipt must bear them (article 200 of the French tax code); for a company, its name, legal form and SIREN number.
privacy-what-gift = The amount, date and means of payment of each gift: the association's accounts and the receipts.
privacy-what-message = Your guestbook message and the name shown, if you leave one: published once read.
privacy-no-tracker = No advertising cookie or third-party tracker is used. The IP address only serves, for the time of the request, to limit abuse; it is not kept with your gift. A “lang” cookie keeps the language you chose, if you did.
privacy-who = Who receives them
privacy-who-text = The association's authorised team (gifts, receipts, moderation). Payment is processed by Stripe Payments Europe, which receives your email address, your name and the payment data to take the gift. Nothing is sold or passed on.
privacy-how-long = For how long
privacy-how-long-text = Tax receipts and the payments they certify are kept { $count } years after they were issued (article L102 B of the Livre des procédures fiscales). The rest is erased on request, or anonymised after { $count } years without a gift.
privacy-rights = Your rights
privacy-rights-before = You can see your gifts, correct your details, download your data and ask for it to be erased from
privacy-rights-after = (a link is sent to you by email).
privacy-write-to = You can also write to
privacy-cnil = If there is a difficulty, you can refer the matter to the CNIL, the French data protection authority (cnil.fr).

## The donor-space link

mail-hello-anonymous = Hello,
mail-link-here = Here is the link to your donor space, where you find your gifts and can manage your monthly gift:
mail-link-open = Open my space
mail-link-personal = This link is personal and valid for 7 days. If you asked for nothing, ignore this message.
staff-nav-home = Home
staff-nav-donations = Gifts
staff-nav-monthly = Monthly gifts
staff-nav-receipts = Tax receipts
staff-nav-exports = Exports
staff-nav-bank = Bank
staff-nav-events = Payments
staff-nav-guestbook = Guestbook
staff-nav-campaigns = Campaigns
staff-nav-organisation = Organisation
staff-nav-users = Team

# The yearly summary receipt's email, and a cancelled receipt's.
mail-annual-subject = Your { $year } tax receipt (no. { $number })
mail-annual-supplement-subject = Your supplementary { $year } tax receipt (no. { $number })
mail-annual-title = Your { $year } tax receipt
mail-annual-supplement = A { $year } payment reached us after your summary receipt: here is supplementary receipt no. { $number } (in French, as the law has it), which certifies it ({ $amount }). Your summary receipt stays valid; declare both. It is attached to this message as a PDF, with the details appended.
mail-annual-summary = Thank you for your monthly gifts in { $year }! Here is your summary tax receipt no. { $number } (in French, as the law has it): { $amount } given
mail-annual-period = from { $period }. It is attached to this message as a PDF, with each payment listed in an appendix.
mail-annual-from-to = { $from } to { $to }
mail-annual-keep = Keep it: it justifies your French tax reduction.
mail-receipts-in-space = Your receipts are also in your donor space: { $url }
mail-receipts-in-space-before = Your receipts are also in
mail-receipts-in-space-link = your donor space
mail-cancelled-subject-receipt = Your tax receipt no. { $number } is cancelled
mail-cancelled-receipt = As your gift was refunded, your tax receipt no. { $number } for { $amount } is cancelled: do not use it for your tax return.
mail-cancelled-replaced = It is replaced by receipt no. { $number }, for { $amount }, the part of your gift that remains given. It is attached to this message as a PDF.
mail-cancelled-nothing-left = No part of the gift remains given: no new receipt is issued.

# What the payment provider's page sells.
checkout-gift = Gift to “{ $campaign }”
checkout-monthly-gift = Monthly gift to “{ $campaign }”
# The JSON API's refusals (the API speaks French, as its documentation).
api-not-found = campaign not found
api-unavailable = service unavailable for a moment
api-too-many = too many requests from this address
api-internal = internal error
api-too-many-streams = too many streams open: poll /progress
# The personal-data download.
data-retention = Tax receipts and the payments they certify are kept six years after they were issued (French law: article L102 B of the livre des procédures fiscales); the rest is erased on request, or after six years without a gift.
