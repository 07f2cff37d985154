/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define G_LOG_DOMAIN "migui-shell"

#include "config.h"

#include <locale.h>

#include <gio/gdesktopappinfo.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "mig-enum-types.h"
#include "mig-paths-private.h"
#include "mig-shell-http-private.h"
#include "mig-shell-pairing-private.h"
#include "mig-shell-private.h"
#include "mig-shell-pull-private.h"

/**
 * MigShell:
 *
 * The peer shell of a device: the HTTPS service that other devices send
 * applications to.
 *
 * A shell answers the migration protocol (version 1) on its port, checks
 * who is sending (the client certificate's fingerprint) against the
 * devices it paired with (see [method@Mig.Shell.pair_async]) and its
 * access policy ([enum@Mig.AcceptPolicy] and the rules of `policy.conf`),
 * validates the form tree before anything runs,
 * writes it to its incoming folder and hands it to the application: the
 * running instance over D-Bus, or a new one launched through its desktop
 * file.  The application reports back on the session bus (interface
 * `org.migui.Shell1` at `/org/migui/Shell`, see [method@Mig.Shell.export]),
 * and the sender commits or aborts.
 *
 * The `migui-shell` daemon is a thin program around this object; tests run
 * shells in-process.
 */

G_DEFINE_FINAL_TYPE (MigShell, mig_shell, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PORT,
  PROP_ACCEPT_POLICY,
  PROP_INCOMING_DIR,
  N_PROPS
};

enum {
  SIGNAL_ASK,
  SIGNAL_ASK_PULL,
  SIGNAL_DELIVER,
  SIGNAL_MIGRATION_CHANGED,
  SIGNAL_PAIRING_REQUESTED,
  SIGNAL_PAIRING_FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Finished migrations are kept a while so that replays get a clear answer;
 * this many at most, the oldest dropped first. */
#define MAX_FINISHED 128

static const char *state_names[] = {
  "offered", "receiving", "restoring", "restored", "committed", "failed", "aborted",
};

const char *
mig_shell_state_to_string (MigShellState state)
{
  g_assert (state < G_N_ELEMENTS (state_names));
  return state_names[state];
}

static gboolean
state_is_final (MigShellState state)
{
  return state >= MIG_SHELL_STATE_COMMITTED;
}

static void
migration_free (MigShellMigration *migration)
{
  g_clear_handle_id (&migration->stall_id, g_source_remove);
  g_clear_handle_id (&migration->owner_watch_id, g_bus_unwatch_name);
  /* The waiting requests may outlive the shell; their state went with
   * the shell's requests (mig_shell_remove_handlers()), and nothing of
   * theirs calls back into it. */
  if (migration->waiters != NULL)
    {
      for (guint i = 0; i < migration->waiters->len; i++)
        g_object_unref (migration->waiters->pdata[i]);
      g_ptr_array_unref (migration->waiters);
    }
  g_clear_object (&migration->pending_offer);
  if (migration->path != NULL)
    g_unlink (migration->path);
  g_free (migration->id);
  g_free (migration->app_id);
  g_free (migration->app_version);
  g_free (migration->sha256);
  g_free (migration->source_id);
  g_free (migration->source_name);
  g_free (migration->source_fingerprint);
  g_free (migration->error);
  g_free (migration->path);
  g_free (migration);
}

static void
mig_shell_dispose (GObject *object)
{
  MigShell *self = MIG_SHELL (object);

  mig_shell_unexport (self);
  g_clear_pointer (&self->publisher, mig_shell_publisher_free);
  if (self->server != NULL)
    {
      /* Requests in progress go on after the server is disconnected: they
       * must not reach this shell any more. */
      mig_shell_remove_handlers (self);
      mig_shell_release_server (g_steal_pointer (&self->server));
    }
  if (self->migrations != NULL)
    g_hash_table_remove_all (self->migrations);
  if (self->pairings != NULL)
    g_hash_table_remove_all (self->pairings);

  G_OBJECT_CLASS (mig_shell_parent_class)->dispose (object);
}

static void
mig_shell_finalize (GObject *object)
{
  MigShell *self = MIG_SHELL (object);

  g_clear_object (&self->identity);
  g_clear_object (&self->profile);
  g_free (self->incoming_dir);
  g_free (self->streams_fingerprint);
  g_clear_pointer (&self->migrations, g_hash_table_unref);
  g_clear_pointer (&self->offer_times, g_hash_table_unref);
  g_clear_pointer (&self->pairings, g_hash_table_unref);
  g_clear_pointer (&self->pulls, g_hash_table_unref);
  g_clear_pointer (&self->expected_pulls, g_ptr_array_unref);
  g_clear_object (&self->nearby);
  g_clear_pointer (&self->requests, g_hash_table_unref);
  g_clear_pointer (&self->connections, g_hash_table_unref);
  g_queue_free_full (self->finished, g_free);

  G_OBJECT_CLASS (mig_shell_parent_class)->finalize (object);
}

static void
mig_shell_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  MigShell *self = MIG_SHELL (object);

  switch (prop_id)
    {
    case PROP_PORT:
      g_value_set_uint (value, self->port);
      break;
    case PROP_ACCEPT_POLICY:
      g_value_set_enum (value, self->accept_policy);
      break;
    case PROP_INCOMING_DIR:
      g_value_set_string (value, self->incoming_dir);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mig_shell_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  MigShell *self = MIG_SHELL (object);

  switch (prop_id)
    {
    case PROP_ACCEPT_POLICY:
      mig_shell_set_accept_policy (self, g_value_get_enum (value));
      break;
    case PROP_INCOMING_DIR:
      mig_shell_set_incoming_dir (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mig_shell_class_init (MigShellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mig_shell_dispose;
  object_class->finalize = mig_shell_finalize;
  object_class->get_property = mig_shell_get_property;
  object_class->set_property = mig_shell_set_property;

  /**
   * MigShell:port:
   *
   * The TCP port the shell listens on, once [method@Mig.Shell.listen] has
   * succeeded; 0 before.
   */
  properties[PROP_PORT] =
    g_param_spec_uint ("port", NULL, NULL, 0, G_MAXUINT16, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * MigShell:accept-policy:
   *
   * Which offers the shell accepts.
   */
  properties[PROP_ACCEPT_POLICY] =
    g_param_spec_enum ("accept-policy", NULL, NULL, MIG_TYPE_ACCEPT_POLICY, MIG_ACCEPT_POLICY_ASK,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * MigShell:incoming-dir:
   *
   * The folder where received form trees wait for their application:
   * `$XDG_RUNTIME_DIR/migui/incoming` unless set.
   */
  properties[PROP_INCOMING_DIR] =
    g_param_spec_string ("incoming-dir", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MigShell::ask:
   * @self: the shell
   * @offer_id: the offer to answer with [method@Mig.Shell.answer_offer]
   * @device_name: the name the sending device gives itself
   * @app_id: the application's ID
   * @app_name: the application's name on this device
   *
   * Emitted under %MIG_ACCEPT_POLICY_ASK for each offer: the handler asks
   * the user and answers.  The sender waits meanwhile.  An offer nobody
   * handles is declined.
   */
  signals[SIGNAL_ASK] =
    g_signal_new ("ask", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 4, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);

  /**
   * MigShell::ask-pull:
   * @self: the shell
   * @pull_id: the pull to answer with [method@Mig.Shell.answer_pull]
   * @device_name: the paired device that asks, by the name it was paired
   *   under
   * @app_id: the application's ID
   * @app_name: the application's name on this device
   *
   * Emitted when a paired device asks for an application running here to
   * continue there ("Continue here" on that device) and the access policy
   * says to ask (the default for pulls): the handler asks the user and
   * answers.  The other device waits meanwhile.  A pull nobody handles is
   * declined.
   *
   * Since: 0.2
   */
  signals[SIGNAL_ASK_PULL] =
    g_signal_new ("ask-pull", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 4, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);

  /**
   * MigShell::deliver:
   * @self: the shell
   * @migration_id: the migration
   * @app_id: the application's ID
   * @file: the validated form tree in the incoming folder
   *
   * Emitted when a form tree has arrived and must be handed to its
   * application.  By default the running instance is asked to open @file
   * over D-Bus, or the application is launched with it.  A handler that
   * delivers the tree itself returns %TRUE.
   *
   * Returns: %TRUE if the tree was delivered
   */
  signals[SIGNAL_DELIVER] =
    g_signal_new ("deliver", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  g_signal_accumulator_true_handled, NULL, NULL,
                  G_TYPE_BOOLEAN, 3, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_FILE);

  /**
   * MigShell::migration-changed:
   * @self: the shell
   * @migration_id: the migration
   * @state: its new state (`offered`, `receiving`, `restoring`, `restored`,
   *   `committed`, `failed` or `aborted`)
   *
   * Emitted when an incoming migration changes state.
   */
  signals[SIGNAL_MIGRATION_CHANGED] =
    g_signal_new ("migration-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  /**
   * MigShell::pairing-requested:
   * @self: the shell
   * @pairing_id: the pairing to answer with [method@Mig.Shell.confirm_pairing]
   * @device_name: the other device's name
   * @code: the 6-digit verification code, which the other device shows too
   * @outgoing: %TRUE if this device started the pairing
   * @identity_changed: %TRUE if the other device was paired before with
   *   another certificate: the user should know why before confirming
   *
   * Emitted when both devices know the code of a pairing: the handler shows
   * it and asks the user whether the other device shows the same.
   */
  signals[SIGNAL_PAIRING_REQUESTED] =
    g_signal_new ("pairing-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 5, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_BOOLEAN, G_TYPE_BOOLEAN);

  /**
   * MigShell::pairing-finished:
   * @self: the shell
   * @pairing_id: the pairing
   * @success: %TRUE if the devices are now paired
   * @message: what happened, as a sentence
   *
   * Emitted when a pairing ends, however it ends: a question shown for it
   * can go.
   */
  signals[SIGNAL_PAIRING_FINISHED] =
    g_signal_new ("pairing-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_BOOLEAN, G_TYPE_STRING);
}

static void
mig_shell_init (MigShell *self)
{
  self->accept_policy = MIG_ACCEPT_POLICY_ASK;
  mig_shell_http_init (self);
  self->offer_times = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_array_unref);
  self->request_seconds = MIG_SHELL_REQUEST_SECONDS;
  self->idle_seconds = MIG_SHELL_IDLE_SECONDS;
  self->stall_seconds = MIG_SHELL_STALL_SECONDS;
  self->offers_per_minute = MIG_SHELL_MAX_OFFERS_PER_MINUTE;
  self->migrations = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                            (GDestroyNotify) migration_free);
  self->finished = g_queue_new ();
  self->pairings = mig_shell_pairings_new ();
  self->pairing_seconds = MIG_SHELL_PAIRING_SECONDS;
  self->pulls = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) mig_shell_pull_free);
}

/* `[limits] offers-per-minute` of shell.conf raises or lowers how many
 * offers one device may make in a minute (for soak tests, or a busy
 * household); `pairing-seconds` how long users have to confirm a
 * pairing. */
static void
load_limits (MigShell   *self,
             const char *config_dir)
{
  g_autoptr(GKeyFile) conf = g_key_file_new ();
  g_autofree char *path = g_build_filename (config_dir, "shell.conf", NULL);
  int offers, pairing_seconds, stall_seconds;

  if (!g_key_file_load_from_file (conf, path, G_KEY_FILE_NONE, NULL))
    return;
  offers = g_key_file_get_integer (conf, "limits", "offers-per-minute", NULL);
  if (offers > 0)
    self->offers_per_minute = offers;
  /* How long each user has to confirm a pairing (5 to 300 s). */
  pairing_seconds = g_key_file_get_integer (conf, "limits", "pairing-seconds", NULL);
  if (pairing_seconds > 0)
    self->pairing_seconds = CLAMP (pairing_seconds, 5, 300);
  /* How long a migration may go without progress before it is given up
   * (5 to 600 s). */
  stall_seconds = g_key_file_get_integer (conf, "limits", "stall-seconds", NULL);
  if (stall_seconds > 0)
    self->stall_seconds = CLAMP (stall_seconds, 5, 600);
}

/**
 * mig_shell_new:
 * @config_dir: (nullable): the shell's config folder, or %NULL for
 *   `$XDG_CONFIG_HOME/migui`
 * @error: return location for a `GError`
 *
 * Creates a shell with the device identity kept in @config_dir, making it
 * on first use.  The shell does not listen until [method@Mig.Shell.listen].
 *
 * Returns: (transfer full): a new shell, or %NULL with @error set
 */
MigShell *
mig_shell_new (const char  *config_dir,
               GError     **error)
{
  g_autoptr(MigShell) self = g_object_new (MIG_TYPE_SHELL, NULL);
  g_autofree char *default_dir = NULL;

  if (config_dir == NULL)
    config_dir = default_dir = mig_default_config_dir ();

  self->identity = mig_identity_load (config_dir, error);
  if (self->identity == NULL)
    return NULL;
  load_limits (self, config_dir);

  if (self->incoming_dir == NULL)
    self->incoming_dir = mig_incoming_dir ();
  return g_steal_pointer (&self);
}

/* A shell that starts knows no migration: trees in its incoming folder
 * were left by one that ended before it could remove them (it crashed, or
 * was killed), and nobody will finish them. */
static void
clear_incoming (MigShell *self)
{
  g_autoptr(GDir) dir = g_dir_open (self->incoming_dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *id =
          g_str_has_suffix (name, ".migui") ? g_strndup (name, strlen (name) - 6) : NULL;
      g_autofree char *path = NULL;

      if (id == NULL || !g_uuid_string_is_valid (id))
        continue;
      path = g_build_filename (self->incoming_dir, name, NULL);
      g_debug ("Removing %s, left by a shell that ended", path);
      g_unlink (path);
    }
}

/**
 * mig_shell_listen:
 * @self: a `MigShell`
 * @address: (nullable): an IP address to listen on, or %NULL for all
 * @port: the TCP port, or 0 for any free one
 * @error: return location for a `GError`
 *
 * Starts serving HTTPS with the device's identity certificate, asking
 * clients for theirs.
 *
 * Returns: %TRUE if the shell listens; [property@Mig.Shell:port] says where
 */
gboolean
mig_shell_listen (MigShell    *self,
                  const char  *address,
                  guint16      port,
                  GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoslist(GUri) uris = NULL;
  gboolean ok;

  g_return_val_if_fail (MIG_IS_SHELL (self), FALSE);
  g_return_val_if_fail (self->server == NULL, FALSE);

  clear_incoming (self);
  self->server = soup_server_new ("tls-certificate", mig_identity_get_certificate (self->identity),
                                  "server-header", "migui-shell/" PACKAGE_VERSION " ",
                                  NULL);
  soup_server_set_tls_auth_mode (self->server, G_TLS_AUTHENTICATION_REQUESTED);
  mig_shell_add_handlers (self);

  if (address != NULL)
    {
      g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (address);
      g_autoptr(GSocketAddress) socket_address = NULL;

      if (inet == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("“%s” is not an IP address"), address);
          g_clear_object (&self->server);
          return FALSE;
        }
      socket_address = g_inet_socket_address_new (inet, port);
      ok = soup_server_listen (self->server, socket_address, SOUP_SERVER_LISTEN_HTTPS, &local_error);
    }
  else
    ok = soup_server_listen_all (self->server, port, SOUP_SERVER_LISTEN_HTTPS, &local_error);

  if (!ok)
    {
      g_set_error (error, MIG_ERROR, MIG_ERROR_FAILED, _("The peer shell cannot listen on port %u: %s"),
                   port, local_error->message);
      g_clear_object (&self->server);
      return FALSE;
    }

  uris = soup_server_get_uris (self->server);
  self->port = uris != NULL ? g_uri_get_port (uris->data) : port;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORT]);
  return TRUE;
}

/**
 * mig_shell_get_port:
 * @self: a `MigShell`
 *
 * Gets [property@Mig.Shell:port].
 *
 * Returns: the port, or 0 if the shell does not listen
 */
guint16
mig_shell_get_port (MigShell *self)
{
  g_return_val_if_fail (MIG_IS_SHELL (self), 0);
  return self->port;
}

/**
 * mig_shell_get_device_id:
 * @self: a `MigShell`
 *
 * Gets the ID of this device, a UUID kept in the config folder.
 *
 * Returns: the device ID
 */
const char *
mig_shell_get_device_id (MigShell *self)
{
  g_return_val_if_fail (MIG_IS_SHELL (self), NULL);
  return mig_identity_get_device_id (self->identity);
}

/**
 * mig_shell_get_name:
 * @self: a `MigShell`
 *
 * Gets the name this device shows to others: `name` in the `[shell]` group
 * of `shell.conf` in the config folder, else the host name.
 *
 * Returns: the device name
 */
const char *
mig_shell_get_name (MigShell *self)
{
  g_return_val_if_fail (MIG_IS_SHELL (self), NULL);
  return mig_identity_get_name (self->identity);
}

/**
 * mig_shell_get_fingerprint:
 * @self: a `MigShell`
 *
 * Gets the SHA-256 fingerprint of this device's certificate, in lowercase
 * hexadecimal.
 *
 * Returns: the fingerprint
 */
const char *
mig_shell_get_fingerprint (MigShell *self)
{
  g_return_val_if_fail (MIG_IS_SHELL (self), NULL);
  return mig_identity_get_fingerprint (self->identity);
}

/**
 * mig_shell_get_config_dir:
 * @self: a `MigShell`
 *
 * Gets the folder of the shell's identity, `shell.conf`, paired devices
 * (`paired-devices`) and access policy (`policy.conf`).
 *
 * Returns: the config folder
 */
const char *
mig_shell_get_config_dir (MigShell *self)
{
  g_return_val_if_fail (MIG_IS_SHELL (self), NULL);
  return mig_identity_get_config_dir (self->identity);
}

/**
 * mig_shell_get_incoming_dir:
 * @self: a `MigShell`
 *
 * Gets [property@Mig.Shell:incoming-dir].
 *
 * Returns: the incoming folder
 */
const char *
mig_shell_get_incoming_dir (MigShell *self)
{
  g_return_val_if_fail (MIG_IS_SHELL (self), NULL);
  return self->incoming_dir;
}

/**
 * mig_shell_set_incoming_dir:
 * @self: a `MigShell`
 * @incoming_dir: the folder for received form trees
 *
 * Sets [property@Mig.Shell:incoming-dir].
 */
void
mig_shell_set_incoming_dir (MigShell   *self,
                            const char *incoming_dir)
{
  g_return_if_fail (MIG_IS_SHELL (self));

  if (incoming_dir == NULL || g_strcmp0 (self->incoming_dir, incoming_dir) == 0)
    return;
  g_free (self->incoming_dir);
  self->incoming_dir = g_strdup (incoming_dir);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INCOMING_DIR]);
}

/**
 * mig_shell_set_profile:
 * @self: a `MigShell`
 * @profile: this device's screen
 *
 * Sets what `GET /v1/info` and DNS-SD tell peers about this device's
 * screen.  A shell without a display reports a desktop of unknown size.
 */
void
mig_shell_set_profile (MigShell         *self,
                       MigDeviceProfile *profile)
{
  g_return_if_fail (MIG_IS_SHELL (self));
  g_return_if_fail (MIG_IS_DEVICE_PROFILE (profile));

  g_set_object (&self->profile, profile);
}

/**
 * mig_shell_get_accept_policy:
 * @self: a `MigShell`
 *
 * Gets [property@Mig.Shell:accept-policy].
 *
 * Returns: the policy
 */
MigAcceptPolicy
mig_shell_get_accept_policy (MigShell *self)
{
  g_return_val_if_fail (MIG_IS_SHELL (self), MIG_ACCEPT_POLICY_ASK);
  return self->accept_policy;
}

/**
 * mig_shell_set_accept_policy:
 * @self: a `MigShell`
 * @policy: the policy
 *
 * Sets [property@Mig.Shell:accept-policy].
 */
void
mig_shell_set_accept_policy (MigShell        *self,
                             MigAcceptPolicy  policy)
{
  g_return_if_fail (MIG_IS_SHELL (self));

  if (self->accept_policy == policy)
    return;
  self->accept_policy = policy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCEPT_POLICY]);
}

MigShellMigration *
mig_shell_lookup (MigShell   *self,
                  const char *id)
{
  return id != NULL ? g_hash_table_lookup (self->migrations, id) : NULL;
}

MigShellMigration *
mig_shell_add_migration (MigShell *self)
{
  MigShellMigration *migration = g_new0 (MigShellMigration, 1);

  migration->id = g_uuid_string_random ();
  migration->waiters = g_ptr_array_new ();
  g_hash_table_insert (self->migrations, migration->id, migration);
  return migration;
}

static void
forget_finished (MigShell          *self,
                 MigShellMigration *migration)
{
  g_queue_push_tail (self->finished, g_strdup (migration->id));
  while (g_queue_get_length (self->finished) > MAX_FINISHED)
    {
      g_autofree char *oldest = g_queue_pop_head (self->finished);
      g_hash_table_remove (self->migrations, oldest);
    }
}

/* A migration that makes no progress for a minute is given up: the sender
 * went away or the application never came. */
typedef struct
{
  MigShell *shell;
  char *id;
} StallData;

static void
stall_data_free (gpointer data)
{
  StallData *stall = data;

  g_free (stall->id);
  g_free (stall);
}

static gboolean
stall_timeout_cb (gpointer user_data)
{
  StallData *stall = user_data;
  MigShellMigration *migration = mig_shell_lookup (stall->shell, stall->id);

  if (migration != NULL)
    {
      migration->stall_id = 0;
      if (migration->state == MIG_SHELL_STATE_RESTORING)
        mig_shell_set_state (stall->shell, migration, MIG_SHELL_STATE_FAILED,
                             _("The application did not open in time"));
      else
        mig_shell_set_state (stall->shell, migration, MIG_SHELL_STATE_ABORTED,
                             _("The sending device stopped answering"));
    }
  return G_SOURCE_REMOVE;
}

void
mig_shell_set_state (MigShell          *self,
                     MigShellMigration *migration,
                     MigShellState      state,
                     const char        *error)
{
  g_autofree char *id = g_strdup (migration->id);

  g_assert (!state_is_final (migration->state));

  g_debug ("Migration %s: %s → %s%s%s", migration->id,
           mig_shell_state_to_string (migration->state), mig_shell_state_to_string (state),
           error != NULL ? ": " : "", error != NULL ? error : "");
  migration->state = state;
  g_free (migration->error);
  migration->error = g_strdup (error);

  g_clear_handle_id (&migration->stall_id, g_source_remove);
  /* Once restored, the target waits for the sender's decision however long
   * it takes: an application the sender may have released is never
   * dropped silently. */
  if (state < MIG_SHELL_STATE_RESTORED)
    {
      StallData *stall = g_new0 (StallData, 1);

      stall->shell = self;
      stall->id = g_strdup (migration->id);
      migration->stall_id = g_timeout_add_seconds_full (G_PRIORITY_DEFAULT, self->stall_seconds,
                                                        stall_timeout_cb, stall, stall_data_free);
    }

  if (state_is_final (state) && migration->pending_offer != NULL)
    mig_shell_finish_offer (self, migration, FALSE);

  if (state_is_final (state))
    {
      g_clear_handle_id (&migration->owner_watch_id, g_bus_unwatch_name);
      if (migration->path != NULL)
        {
          g_unlink (migration->path);
          g_clear_pointer (&migration->path, g_free);
        }
    }

  /* Long polls see the new state. */
  while (migration->waiters->len > 0)
    {
      g_autoptr(SoupServerMessage) msg = g_ptr_array_steal_index (migration->waiters, 0);

      mig_shell_wake_waiter (self, migration, msg);
    }

  g_signal_emit (self, signals[SIGNAL_MIGRATION_CHANGED], 0, id, mig_shell_state_to_string (state));

  if (state_is_final (state))
    forget_finished (self, migration);
}


/* Whether @app_id is installed here: it has a desktop file.  Its version is
 * the `X-Migui-Version` key, if any. */
gboolean
mig_shell_app_lookup (const char  *app_id,
                      char       **name,
                      char       **version)
{
  g_autofree char *desktop_id = NULL;
  g_autoptr(GDesktopAppInfo) info = NULL;

  if (!g_application_id_is_valid (app_id))
    return FALSE;

  desktop_id = g_strconcat (app_id, ".desktop", NULL);
  info = g_desktop_app_info_new (desktop_id);
  if (info == NULL)
    return FALSE;
  if (name != NULL)
    *name = g_strdup (g_app_info_get_name (G_APP_INFO (info)));
  if (version != NULL)
    *version = g_desktop_app_info_get_string (info, "X-Migui-Version");
  return TRUE;
}

/**
 * mig_shell_answer_offer:
 * @self: a `MigShell`
 * @offer_id: the ID given by [signal@Mig.Shell::ask]
 * @accept: whether the user accepted
 *
 * Answers an offer that [signal@Mig.Shell::ask] asked about.  Unknown or
 * already answered offers are ignored.
 */
void
mig_shell_answer_offer (MigShell   *self,
                        const char *offer_id,
                        gboolean    accept)
{
  MigShellMigration *migration;

  g_return_if_fail (MIG_IS_SHELL (self));
  g_return_if_fail (offer_id != NULL);

  migration = mig_shell_lookup (self, offer_id);
  if (migration == NULL || migration->pending_offer == NULL)
    return;

  mig_shell_finish_offer (self, migration, accept);
}

/* The migration @id if it waits for its application, else an error. */
static MigShellMigration *
lookup_restoring (MigShell    *self,
                  const char  *id,
                  GError     **error)
{
  MigShellMigration *migration = mig_shell_lookup (self, id);

  if (migration == NULL || migration->state != MIG_SHELL_STATE_RESTORING)
    {
      g_set_error (error, MIG_ERROR, MIG_ERROR_FAILED, _("No migration %s is waiting for its application"), id);
      return NULL;
    }
  return migration;
}

/**
 * mig_shell_report_arriving:
 * @self: a `MigShell`
 * @migration_id: the migration
 * @error: return location for a `GError`
 *
 * Tells the shell that the application has picked up the form tree and is
 * restoring it.  Applications do this over D-Bus.
 *
 * Returns: %TRUE if the migration was waiting for its application
 */
gboolean
mig_shell_report_arriving (MigShell    *self,
                           const char  *migration_id,
                           GError     **error)
{
  g_return_val_if_fail (MIG_IS_SHELL (self), FALSE);

  return lookup_restoring (self, migration_id, error) != NULL;
}

/**
 * mig_shell_report_restored:
 * @self: a `MigShell`
 * @migration_id: the migration
 * @error: return location for a `GError`
 *
 * Tells the shell that the application has rebuilt its windows; the sender
 * learns it and decides.  Applications do this over D-Bus.
 *
 * Returns: %TRUE if the migration was restoring
 */
gboolean
mig_shell_report_restored (MigShell    *self,
                           const char  *migration_id,
                           GError     **error)
{
  MigShellMigration *migration;

  g_return_val_if_fail (MIG_IS_SHELL (self), FALSE);

  migration = lookup_restoring (self, migration_id, error);
  if (migration == NULL)
    return FALSE;
  mig_shell_set_state (self, migration, MIG_SHELL_STATE_RESTORED, NULL);
  return TRUE;
}

/**
 * mig_shell_report_failed:
 * @self: a `MigShell`
 * @migration_id: the migration
 * @message: why the application could not restore
 *
 * Tells the shell that the application could not restore the form tree;
 * the sender learns why and goes on.  Migrations that are not restoring are
 * left alone.
 */
void
mig_shell_report_failed (MigShell   *self,
                         const char *migration_id,
                         const char *message)
{
  MigShellMigration *migration;

  g_return_if_fail (MIG_IS_SHELL (self));

  migration = mig_shell_lookup (self, migration_id);
  if (migration != NULL && migration->state == MIG_SHELL_STATE_RESTORING)
    mig_shell_set_state (self, migration, MIG_SHELL_STATE_FAILED, message);
}

/**
 * mig_shell_get_briefing:
 * @self: a `MigShell`
 *
 * Gets what this device tells arriving applications about itself: the
 * device ID (`device-id`), the device name (`device-name`), the user's real
 * name (`real-name`) and login (`user-name`), the locale (`locale`), the
 * time zone (`time-zone`), and every key of the `[briefing]` group of
 * `shell.conf`, which may also set the user's names, locale and time zone.
 *
 * Returns: (transfer full): a dictionary of type `a{ss}`
 */
GVariant *
mig_shell_get_briefing (MigShell *self)
{
  g_return_val_if_fail (MIG_IS_SHELL (self), NULL);

  return mig_briefing_build (mig_shell_get_config_dir (self), mig_identity_get_device_id (self->identity),
                             mig_shell_get_name (self));
}

gboolean
mig_shell_deliver (MigShell           *self,
                   MigShellMigration  *migration,
                   GError            **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (migration->path);
  gboolean handled = FALSE;

  g_signal_emit (self, signals[SIGNAL_DELIVER], 0, migration->id, migration->app_id, file, &handled);
  if (handled)
    return TRUE;
  return mig_shell_launch (self, migration, error);
}

gboolean
mig_shell_emit_ask (MigShell          *self,
                    MigShellMigration *migration,
                    const char        *app_name)
{
  if (!g_signal_has_handler_pending (self, signals[SIGNAL_ASK], 0, FALSE))
    return FALSE;
  g_signal_emit (self, signals[SIGNAL_ASK], 0, migration->id, migration->source_name,
                 migration->app_id, app_name);
  return TRUE;
}

gboolean
mig_shell_emit_ask_pull (MigShell *self,
                         gpointer  data)
{
  MigShellPull *pull = data;

  if (!g_signal_has_handler_pending (self, signals[SIGNAL_ASK_PULL], 0, FALSE))
    return FALSE;
  g_signal_emit (self, signals[SIGNAL_ASK_PULL], 0, pull->id, pull->requester_name, pull->app_id, pull->app_name);
  return TRUE;
}

void
mig_shell_emit_pairing_requested (MigShell        *self,
                                  MigShellPairing *pairing)
{
  g_signal_emit (self, signals[SIGNAL_PAIRING_REQUESTED], 0, pairing->id, pairing->device_name, pairing->code,
                 pairing->outgoing, pairing->identity_changed);
}

void
mig_shell_emit_pairing_finished (MigShell   *self,
                                 const char *pairing_id,
                                 gboolean    success,
                                 const char *message)
{
  g_signal_emit (self, signals[SIGNAL_PAIRING_FINISHED], 0, pairing_id, success, message);
}
