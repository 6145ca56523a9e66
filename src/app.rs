//! Building and running the application: the same code serves `soutenir serve`
//! and the black-box tests.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use time::OffsetDateTime;
use tokio::net::TcpListener;

use crate::config::Config;
use crate::domain::campaign::{Goal, MonthlyCounting, Slug};
use crate::domain::donation::Limits;
use crate::domain::money::Cents;
use crate::jobs::Worker;
use crate::mail::Mailer;
use crate::payments::PaymentGateway;
use crate::payments::demo::DemoGateway;
use crate::payments::stripe::StripeGateway;
use crate::progress::ProgressCache;
use crate::secret::Secret;
use crate::store::{self, NewCampaign, NewInvitation, Store, StoreError};
use crate::tokens;
use crate::web::ratelimit::RateLimiter;
use crate::web::{self, AppState};

const HOUR: Duration = Duration::from_secs(3600);

/// How long a one-time staff link stays valid.
pub const INVITATION_LIFETIME: time::Duration = time::Duration::hours(48);

/// How often an instance re-reads every campaign's totals, so that gifts recorded
/// by another instance reach its cache.
/// How many refused donation forms an address may send per payment attempt
/// allowed: typos on a shared network are not attempts.
const REFUSED_FORMS_PER_ATTEMPT: u32 = 5;

const PROGRESS_REFRESH: Duration = Duration::from_secs(5);

/// How often pending payments are checked with the provider.
const RECONCILE_EVERY: Duration = Duration::from_secs(300);

/// A migrated database, a bound listener, and the router, ready to serve.
pub struct Application {
    listener: TcpListener,
    state: AppState,
    worker: Worker,
    /// Tells the streams and the outbox worker to stop.
    stop: tokio::sync::watch::Sender<bool>,
    /// Paris hour of the moderators' daily digest, if enabled.
    digest_hour: Option<u8>,
    /// What a person starting the server needs to know, to print on stdout.
    pub startup_notes: Vec<String>,
}

impl Application {
    pub async fn build(config: Config) -> anyhow::Result<Application> {
        // Every language's messages, once: a file that does not parse stops the start.
        crate::i18n::load().map_err(|faults| anyhow::anyhow!("translations: {faults}"))?;
        let store = open_store(&config).await?;
        let now = OffsetDateTime::now_utc();
        let mut startup_notes = Vec::new();
        if seed_sample_campaign(&*store, now).await? {
            startup_notes.push(crate::i18n::fr("cli-sample-created").to_owned());
        }
        store
            .ensure_organisation(&sample_organisation(), now)
            .await?;
        if store
            .organisation()
            .await?
            .is_some_and(|org| !org.details_saved)
        {
            startup_notes.push(crate::i18n::fr("cli-sample-organisation").to_owned());
        }
        // What was recorded before the journal was booked (an older version,
        // or an outage between a write and its job): booked once, in order.
        let booked = crate::journal::book_settled(&*store, now).await?;
        if booked > 0 {
            startup_notes.push(crate::i18n::fr_with(
                "cli-journal-caught-up",
                &[(
                    "entries",
                    &crate::i18n::Lang::FR
                        .tn("cli-booked", i64::try_from(booked).unwrap_or(i64::MAX)),
                )],
            ));
        }
        let secret = site_secret(&config, &*store).await?;
        let gateway: Arc<dyn PaymentGateway> = match &config.stripe_secret_key {
            Some(key) => {
                if config.stripe_webhook_secret.is_none() {
                    tracing::warn!(
                        "STRIPE_SECRET_KEY without STRIPE_WEBHOOK_SECRET: payments will never be confirmed"
                    );
                }
                Arc::new(StripeGateway::new(
                    key.expose(),
                    config.stripe_api_base.as_deref(),
                    Arc::clone(&store),
                )?)
            }
            None => Arc::new(DemoGateway),
        };
        if gateway.name() == crate::store::Provider::Demo {
            tracing::warn!("no STRIPE_SECRET_KEY: demo payments only, no real money is collected");
            startup_notes.push(crate::i18n::fr("cli-demo-mode").to_owned());
        }

        let listener = TcpListener::bind(&config.bind)
            .await
            .with_context(|| format!("cannot listen on {}", config.bind))?;
        let address = listener.local_addr()?;
        let base_url: Arc<str> = config
            .base_url
            .clone()
            .unwrap_or_else(|| format!("http://{address}"))
            .trim_end_matches('/')
            .into();

        if !store.has_active_admin().await? {
            let token = tokens::random_hex(32).context("generating the first admin link")?;
            store
                .create_invitation(
                    &NewInvitation {
                        token_hash: tokens::hash_token(&token),
                        purpose: "first_admin",
                        email: None,
                        role: crate::store::Role::Admin,
                        expires_at: now + INVITATION_LIFETIME,
                    },
                    now,
                )
                .await?;
            startup_notes.push(crate::i18n::fr_with(
                "cli-first-admin",
                &[("link", &format!("{base_url}/admin/setup/{token}"))],
            ));
        }

        // Who pages and emails speak for: the organisation's settings.
        let site = crate::domain::site::handle(web::read_identity(&*store).await?);
        let mailer = Mailer::new(
            config.smtp_url.as_ref().map(|s| s.expose()),
            &config.mail_from,
            config.outbox_dir.clone(),
        )?
        .signed_by(Arc::clone(&site));
        if mailer.describe() == "files" {
            startup_notes.push(crate::i18n::fr_with(
                "cli-no-smtp",
                &[("dir", &config.outbox_dir.display())],
            ));
        }
        let mailer = Arc::new(mailer);
        let worker = Worker {
            store: Arc::clone(&store),
            mailer: Arc::clone(&mailer),
            base_url: base_url.to_string(),
            secret: Arc::new(secret.clone()),
            retry_base: Duration::from_millis(config.retry_base_ms),
            lease: Duration::from_secs(config.job_lease),
        };
        // Last, so that whoever waits for this line has read all the others.
        startup_notes.push(crate::i18n::fr_with(
            "cli-ready",
            &[("url", &format!("{base_url}/"))],
        ));
        let progress = Arc::new(ProgressCache::default());
        progress.refresh_all(&*store).await?;
        let (stop, stop_rx) = tokio::sync::watch::channel(false);
        let streams = Arc::new(web::api::StreamSlots::new(
            config.streams_per_client,
            config.streams_max,
            crate::process::open_file_limit(),
        ));
        tracing::info!(
            max = streams.max_total(),
            "live progress streams: at most this many at once"
        );
        let state = AppState {
            site,
            mailer,
            store,
            progress,
            progress_cache_control: web::api::progress_cache_control(config.progress_max_age),
            secret: Arc::new(secret),
            gateway,
            donation_ip_limit: Arc::new(RateLimiter::new(config.donation_rate, HOUR)),
            donation_email_limit: Arc::new(RateLimiter::new(config.donation_rate, HOUR)),
            donation_refused_limit: Arc::new(RateLimiter::new(
                config
                    .donation_rate
                    .saturating_mul(REFUSED_FORMS_PER_ATTEMPT),
                HOUR,
            )),
            login_limits: crate::web::staff::LoginLimits::new(config.login_rate),
            metrics: Arc::default(),
            api_limit: Arc::new(RateLimiter::new(config.api_rate, Duration::from_secs(60))),
            latest_messages: Arc::default(),
            pages: Arc::default(),
            stopping: stop_rx,
            health: Arc::default(),
            streams,
            limits: Limits {
                max_amount: Cents::from_euros(i64::from(config.max_donation)),
                ..Limits::default()
            },
            config: Arc::new(config),
            base_url,
        };
        Ok(Application {
            listener,
            digest_hour: state.config.guestbook_digest_hour,
            state,
            worker,
            stop,
            startup_notes,
        })
    }

    pub fn port(&self) -> u16 {
        self.listener.local_addr().map(|a| a.port()).unwrap_or(0)
    }

    pub fn base_url(&self) -> &str {
        &self.state.base_url
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until Ctrl-C or SIGTERM.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        let refresher = tokio::spawn(refresh_progress(self.state.clone()));
        let listener = tokio::spawn(follow_other_instances(self.state.clone()));
        let reconciler = tokio::spawn(reconcile_periodically(self.state.clone()));
        let purger = tokio::spawn(purge_daily(
            self.state.store.clone(),
            self.state.config.retention_years,
        ));
        let worker = tokio::spawn(self.worker.run(self.stop.subscribe()));
        let summaries = self
            .state
            .config
            .annual_receipts_auto
            .then(|| tokio::spawn(schedule_annual_summaries(self.state.store.clone())));
        let digests = self
            .digest_hour
            .map(|hour| tokio::spawn(schedule_guestbook_digests(self.state.store.clone(), hour)));
        let router_sessions = self.state.store.sessions();
        let timeouts = web::server::Timeouts {
            headers: Duration::from_secs(self.state.config.header_timeout),
            body: Duration::from_secs(self.state.config.body_timeout),
        };
        let edge = Arc::new(web::edge::Edge::new(&self.state));
        // A new day (Paris time) changes « 9 jours restants » and the year-end
        // reminder: the answers made from the snapshots are made again.
        let renewer = tokio::spawn(renew_daily(Arc::clone(&self.state.progress)));
        let router = web::router(self.state);
        // Expired staff sessions are deleted hourly.
        let sessions = {
            use tower_sessions::ExpiredDeletion;
            let store = router_sessions.clone();
            tokio::spawn(async move {
                if let Err(err) = store.continuously_delete_expired(HOUR).await {
                    tracing::warn!(error = %err, "expired staff sessions: cleanup stopped");
                }
            })
        };
        let served = web::server::serve(self.listener, router, Some(edge), timeouts, {
            let stop = self.stop.clone();
            async move {
                shutdown_signal().await;
                tracing::info!("stopping: finishing requests under way");
                let _ = stop.send(true);
            }
        })
        .await;
        // Requests under way are finished; the outbox finishes its batch.
        let _ = self.stop.send(true);
        if tokio::time::timeout(std::time::Duration::from_secs(20), worker)
            .await
            .is_err()
        {
            tracing::warn!(
                "outbox: still busy after 20 s, stopping anyway (unfinished jobs run again at the next start)"
            );
        }
        refresher.abort();
        renewer.abort();
        listener.abort();
        reconciler.abort();
        purger.abort();
        if let Some(summaries) = summaries {
            summaries.abort();
        }
        sessions.abort();
        if let Some(digests) = digests {
            digests.abort();
        }
        served.context("server error")
    }
}

/// Connects to the configured database and brings its schema up to date.
/// The secret that signs links and receipt checks: `SOUTENIR_SECRET`, or one
/// generated once and kept in the database.
pub async fn site_secret(config: &Config, store: &dyn Store) -> anyhow::Result<Secret> {
    Ok(match &config.secret {
        Some(secret) => {
            if let Some(why) = tokens::weak_secret(secret.expose()) {
                anyhow::bail!(
                    "SOUTENIR_SECRET is too weak to sign donor links and receipt checks: {why}. \
                     Use a random one (`openssl rand -hex 32`), or unset it to let soutenir keep its own"
                );
            }
            secret.clone()
        }
        None => {
            let generated = tokens::random_hex(32).context("generating the site secret")?;
            Secret::from(store.setting_or_insert("secret", &generated).await?)
        }
    })
}

/// The site's public URL as commands see it (the server's when it is not set).
pub fn command_base_url(config: &Config) -> String {
    config
        .base_url
        .clone()
        .unwrap_or_else(|| format!("http://{}", config.bind))
        .trim_end_matches('/')
        .to_owned()
}

pub async fn open_store(config: &Config) -> anyhow::Result<Arc<dyn Store>> {
    let store = store::connect(&config.database_url)
        .await
        .with_context(|| {
            format!(
                "cannot open the database {}",
                crate::config::redact_url(&config.database_url)
            )
        })?;
    store.migrate().await.context("migrating the database")?;
    Ok(store)
}

/// Stripe when a key is configured, else the demo gateway.
pub fn payment_gateway(
    config: &Config,
    store: &Arc<dyn Store>,
) -> anyhow::Result<Arc<dyn PaymentGateway>> {
    Ok(match &config.stripe_secret_key {
        Some(key) => {
            if config.stripe_webhook_secret.is_none() {
                tracing::warn!(
                    "STRIPE_SECRET_KEY without STRIPE_WEBHOOK_SECRET: payments will never be confirmed"
                );
            }
            Arc::new(StripeGateway::new(
                key.expose(),
                config.stripe_api_base.as_deref(),
                Arc::clone(store),
            )?)
        }
        None => Arc::new(DemoGateway),
    })
}

/// `soutenir user add`: a one-time link for a new staff member to set a password.
pub async fn invite_staff(config: &Config, email: &str, role: &str) -> anyhow::Result<String> {
    let email = crate::domain::donation::parse_email(email)
        .map_err(|message| anyhow::anyhow!("{email}: {message}"))?;
    let Some(role) = crate::store::Role::parse(role) else {
        anyhow::bail!("unknown role {role}: admin, finance or moderator");
    };
    let store = open_store(config).await?;
    let link = create_invitation(&*store, &email, role, (None, "command line")).await?;
    Ok(format!("{}{link}", command_base_url(config)))
}

/// Records an invitation of `email` as `role` by `by` (a staff member, or the
/// command line) and returns the path of its one-time link (valid 48 h).
pub async fn create_invitation(
    store: &dyn Store,
    email: &str,
    role: crate::store::Role,
    by: (Option<i64>, &str),
) -> anyhow::Result<String> {
    let token = tokens::random_hex(32).context("generating the link")?;
    let now = OffsetDateTime::now_utc();
    store
        .create_invitation(
            &NewInvitation {
                token_hash: tokens::hash_token(&token),
                purpose: "invitation",
                email: Some(email.to_owned()),
                role,
                expires_at: now + INVITATION_LIFETIME,
            },
            now,
        )
        .await?;
    store
        .audit(
            by.0,
            by.1,
            "staff.invited",
            &format!("{email} ({role})"),
            now,
        )
        .await?;
    Ok(format!("/admin/setup/{token}"))
}

/// Renews the progress snapshots at every midnight, Paris time.
async fn renew_daily(progress: Arc<ProgressCache>) {
    loop {
        let now = OffsetDateTime::now_utc();
        let tomorrow = crate::domain::dates::in_paris(now).date().next_day();
        let wait = tomorrow
            .map(|day| crate::domain::dates::paris_midnight(day) - now)
            .unwrap_or(time::Duration::HOUR);
        let wait = Duration::try_from(wait).unwrap_or(Duration::from_secs(3600));
        tokio::time::sleep(wait.max(Duration::from_secs(1))).await;
        progress.renew();
    }
}

/// `soutenir payments reconcile`: settles donations whose webhook never came.
pub async fn reconcile_payments(config: &Config, min_age: time::Duration) -> anyhow::Result<usize> {
    let store = open_store(config).await?;
    let gateway = payment_gateway(config, &store)?;
    let progress = ProgressCache::default();
    progress.refresh_all(&*store).await?;
    gateway.reconcile(&*store, &progress, min_age).await
}

/// The sample campaign every fresh installation starts with.
pub fn sample_campaign(now: OffsetDateTime) -> NewCampaign {
    let start = now.replace_time(time::Time::MIDNIGHT);
    NewCampaign {
        slug: Slug::parse("dorlotons").unwrap_or_else(|_| unreachable!("a valid literal slug")),
        title: "Dorlotons Dégooglisons".to_owned(),
        body_markdown: SAMPLE_TEXT.to_owned(),
        goal: Goal::Amount(Cents::from_euros(60_000)),
        starts_at: start,
        ends_at: start + time::Duration::weeks(3),
        suggested_amounts: [10, 30, 50, 100, 200].map(Cents::from_euros).to_vec(),
        monthly_counting: MonthlyCounting::EachPayment,
        lang: "fr".to_owned(),
        thanks_markdown:
            "Grâce à vous, nos services restent **libres et ouverts à toutes et tous**. \
            Merci de faire vivre un Internet éthique !"
                .to_owned(),
        amount_labels: [
            "Un nom de domaine pour un an",
            "",
            "Un mois de serveur",
            "",
            "Une journée de maintenance",
        ]
        .map(str::to_owned)
        .to_vec(),
        translations: crate::domain::campaign::Translations(
            [(
                "en".to_owned(),
                crate::domain::campaign::CampaignText {
                    // Its name, as it is known.
                    title: "Dorlotons Dégooglisons".to_owned(),
                    body_markdown: SAMPLE_TEXT_EN.to_owned(),
                    thanks_markdown: "Thanks to you, our services stay **free and open to all**. \
                        Thank you for keeping an ethical Internet alive!"
                        .to_owned(),
                    amount_labels: [
                        "A domain name for a year",
                        "",
                        "A month of a server",
                        "",
                        "A day of upkeep",
                    ]
                    .map(str::to_owned)
                    .to_vec(),
                },
            )]
            .into(),
        ),
    }
}

const SAMPLE_TEXT_EN: &str = "\
For years, our association has offered free, ethical services that respect \
your privacy: calendars, polls, shared documents, videos.

**These services live on your gifts alone.** No advertising, no selling of \
data: every server, every hour of upkeep is paid for by people like you.

For the next three weeks, we need **€60,000** to *pamper* the existing \
services: update them, make them more accessible, and keep them open to all.

For French taxpayers, 66% of your gift comes off your income tax: a gift of \
€100 costs you €34. Thank you!";

const SAMPLE_TEXT: &str = "\
Depuis des années, notre association propose des services libres, éthiques et \
respectueux de votre vie privée : agendas, sondages, documents partagés, vidéos.

**Ces services ne vivent que de vos dons.** Pas de publicité, pas de revente de \
données : chaque serveur, chaque heure de maintenance est payé par des personnes \
comme vous.

Pour les trois semaines qui viennent, nous avons besoin de **60 000 €** pour \
*dorloter* les services existants : les mettre à jour, les rendre plus accessibles, \
et continuer à les ouvrir à toutes et tous.

Votre don est déductible à 66 % de votre impôt sur le revenu : un don de 100 € \
vous revient à 34 €. Merci !";

/// The sample organisation's signature: a scribble, so that its specimens
/// show where the real one goes.
const SAMPLE_SIGNATURE: &[u8] = include_bytes!("../static/img/sample-signature.png");

/// The organisation a fresh installation starts with: complete, so that the
/// sample campaign's receipts can be tried at once, and plainly an example, to be
/// replaced on the settings page.
pub fn sample_organisation() -> store::Organisation {
    store::Organisation {
        issuer: crate::domain::receipt::Issuer {
            legal_name: "Association Exemple".to_owned(),
            registration_kind: "rna".to_owned(),
            registration_number: "W000000000".to_owned(),
            address: "1 place de l'Exemple".to_owned(),
            postal_code: "69001".to_owned(),
            city: "Lyon".to_owned(),
            country: "FR".to_owned(),
            object: "Promouvoir et diffuser le logiciel libre (données d'exemple, à remplacer)"
                .to_owned(),
            category: "interet_general".to_owned(),
            category_detail: String::new(),
            association_1901: true,
            public_utility_decree_date: None,
            journal_officiel_date: None,
            reduction_rate_percent: 66,
            signatory_name: "Camille Exemple".to_owned(),
            signatory_role: "Trésorière".to_owned(),
        },
        logo_png: None,
        signature_png: Some(SAMPLE_SIGNATURE.to_vec()),
        receipt_min: Cents::new(0),
        details_saved: false,
        website: String::new(),
        contact_email: String::new(),
    }
}

/// Creates the sample campaign on an empty database. Returns whether it did.
async fn seed_sample_campaign(store: &dyn Store, now: OffsetDateTime) -> anyhow::Result<bool> {
    if store.count_campaigns().await? > 0 {
        return Ok(false);
    }
    match store.create_campaign(&sample_campaign(now), now).await {
        Ok(_) => Ok(true),
        // Another instance starting at the same time seeded it first.
        Err(StoreError::Conflict(_)) => Ok(false),
        Err(err) => Err(err.into()),
    }
}

async fn refresh_progress(state: AppState) {
    let mut tick = tokio::time::interval(PROGRESS_REFRESH);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut ticks: u64 = 0;
    loop {
        tick.tick().await;
        if let Err(err) = state.progress.refresh_all(&*state.store).await {
            tracing::warn!(error = %err, "could not refresh campaign progress");
        }
        // The organisation's name and links, as another instance may have
        // saved them: once a minute.
        ticks += 1;
        if ticks.is_multiple_of(12)
            && let Err(err) = state.refresh_site().await
        {
            tracing::warn!(error = %err, "could not read the organisation's identity");
        }
    }
}

/// With PostgreSQL, a gift confirmed by another instance reaches this one's cache
/// (and its live subscribers) through LISTEN/NOTIFY.
async fn follow_other_instances(state: AppState) {
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    match state.store.listen_progress(tx).await {
        Ok(true) => {}
        Ok(false) => return,
        Err(err) => {
            tracing::warn!(error = %err, "cannot listen for progress notifications; relying on periodic refresh");
            return;
        }
    }
    while let Some(first) = rx.recv().await {
        // A burst of payments makes a burst of notifications: gather them for a
        // moment, then read each campaign once.
        tokio::time::sleep(Duration::from_millis(100)).await;
        let mut ids = std::collections::BTreeSet::from([first]);
        while let Ok(more) = rx.try_recv() {
            ids.insert(more);
        }
        for campaign_id in ids {
            refresh_one(&state, campaign_id).await;
        }
    }
}

async fn refresh_one(state: &AppState, campaign_id: i64) {
    let result = if campaign_id == 0 {
        state.progress.refresh_all(&*state.store).await
    } else {
        state.store.campaign_by_id(campaign_id).await.map(|found| {
            if let Some(progress) = found {
                state.progress.put_progress(&progress);
            }
        })
    };
    if let Err(err) = result {
        tracing::warn!(error = %err, "cannot refresh progress after a notification");
    }
}

/// Every few minutes, pending payments older than a few minutes are checked with
/// the provider, so that a lost webhook never loses a gift.
async fn reconcile_periodically(state: AppState) {
    let mut tick = tokio::time::interval(RECONCILE_EVERY);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        if let Err(err) = state
            .gateway
            .reconcile(&*state.store, &state.progress, time::Duration::minutes(5))
            .await
        {
            tracing::warn!(error = %err, "reconciliation failed");
        }
    }
}

/// At start, then daily: the retention period is applied (see [`crate::privacy`]).
async fn purge_daily(store: Arc<dyn Store>, years: u32) {
    let mut tick = tokio::time::interval(Duration::from_secs(24 * 3600));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        match crate::privacy::purge(&*store, years, OffsetDateTime::now_utc()).await {
            Ok(report) => tracing::info!(
                donors = report.donors,
                receipts = report.counts.receipts,
                events = report.counts.events,
                jobs = report.counts.jobs,
                "retention purge done"
            ),
            Err(err) => tracing::warn!(error = %err, "retention purge failed"),
        }
    }
}

/// Every day at `hour`, Paris time, the moderators' digest is queued (once, with
/// several instances: the job is deduplicated by date).
async fn schedule_guestbook_digests(store: Arc<dyn Store>, hour: u8) {
    loop {
        let now = OffsetDateTime::now_utc();
        let at = crate::domain::dates::next_paris_hour(now, hour);
        let wait = Duration::try_from(at - now).unwrap_or(Duration::from_secs(60));
        tokio::time::sleep(wait).await;
        let date = crate::domain::dates::in_paris(at).date();
        if let Err(err) = queue_guestbook_digest(&*store, date).await {
            tracing::warn!(error = %err, "cannot queue the guestbook digest");
        }
    }
}

/// The setting (`MM-DD`) of the day the previous year's summaries are issued.
pub const SUMMARIES_ON_SETTING: &str = "annual_receipts_on";

/// Every hour, queues the previous year's summaries once their day has come.
async fn schedule_annual_summaries(store: Arc<dyn Store>) {
    loop {
        if let Err(err) = queue_due_summaries(&*store, OffsetDateTime::now_utc()).await {
            tracing::warn!(error = %err, "cannot queue the yearly summaries");
        }
        tokio::time::sleep(HOUR).await;
    }
}

/// Queues the summaries of the year due at `now` (see
/// [`crate::domain::receipt::summaries_due`]), once whatever the number of
/// instances and runs: the job's key is the year. Returns the year queued now.
pub async fn queue_due_summaries(
    store: &dyn Store,
    now: OffsetDateTime,
) -> anyhow::Result<Option<i32>> {
    use crate::domain::receipt::{SUMMARIES_ON_DEFAULT, parse_month_day, summaries_due};
    let on = match store.setting(SUMMARIES_ON_SETTING).await? {
        Some(text) => parse_month_day(&text).unwrap_or_else(|| {
            tracing::warn!(setting = %text, "unreadable day for the yearly summaries: 15 January used");
            SUMMARIES_ON_DEFAULT
        }),
        None => SUMMARIES_ON_DEFAULT,
    };
    let Some(year) = summaries_due(now, on) else {
        return Ok(None);
    };
    let mut job = crate::jobs::annual_receipts_job(year);
    job.dedupe_key = Some(format!("annual_receipts:auto:{year}"));
    let queued = store.enqueue_job(&job, now).await?;
    if queued {
        tracing::info!(year, "yearly summaries queued: their day has come");
    }
    Ok(queued.then_some(year))
}

/// Queues the moderators' digest of `date` (a no-op the second time).
pub async fn queue_guestbook_digest(store: &dyn Store, date: time::Date) -> anyhow::Result<()> {
    store
        .enqueue_job(
            &crate::jobs::guestbook_digest_job(date),
            OffsetDateTime::now_utc(),
        )
        .await?;
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}

/// `soutenir demo charge-monthly`: one more month of every active demo monthly
/// gift, confirmed through the same path as any payment. Returns how many.
pub async fn charge_demo_monthly(store: &dyn Store) -> anyhow::Result<usize> {
    let progress = ProgressCache::default();
    progress.refresh_all(store).await?;
    let mut charged = 0;
    for subscription in store
        .active_subscriptions(crate::store::Provider::Demo)
        .await?
    {
        let payment = store
            .create_subscription_payment(subscription.id, None, OffsetDateTime::now_utc())
            .await?;
        let reference = format!("demo_{}", payment.public_id);
        let received = crate::gifts::Payment {
            public_id: &payment.public_id,
            method: "card",
            provider_ref: Some(&reference),
            received_at: OffsetDateTime::now_utc(),
            event: None,
        };
        crate::gifts::confirm(store, &progress, received).await?;
        charged += 1;
    }
    Ok(charged)
}

/// What a command's export wrote.
#[derive(Debug, Clone, PartialEq)]
pub struct Written {
    pub path: std::path::PathBuf,
    pub rows: u64,
    pub bytes: u64,
    pub seconds: f64,
}

/// Writes an export's chunks to `path` (through a temporary file renamed at
/// the end, so that a failed export leaves no partial file behind).
pub async fn write_export<S, E>(
    path: &std::path::Path,
    chunks: S,
    rows: &std::sync::atomic::AtomicU64,
    mut tick: impl FnMut(u64),
) -> anyhow::Result<Written>
where
    S: futures_util::Stream<Item = Result<Vec<u8>, E>>,
    E: Into<anyhow::Error>,
{
    use futures_util::StreamExt;
    use std::io::Write;
    let started = std::time::Instant::now();
    let partial = path.with_extension("partial");
    let mut file = std::io::BufWriter::new(
        std::fs::File::create(&partial)
            .with_context(|| format!("cannot create {}", partial.display()))?,
    );
    let mut bytes = 0u64;
    futures_util::pin_mut!(chunks);
    while let Some(chunk) = chunks.next().await {
        let chunk = chunk.map_err(Into::into)?;
        bytes += chunk.len() as u64;
        file.write_all(&chunk)?;
        tick(rows.load(std::sync::atomic::Ordering::Relaxed));
    }
    file.into_inner().map_err(|e| e.into_error())?.sync_all()?;
    std::fs::rename(&partial, path)?;
    Ok(Written {
        path: path.to_owned(),
        rows: rows.load(std::sync::atomic::Ordering::Relaxed),
        bytes,
        seconds: started.elapsed().as_secs_f64(),
    })
}
