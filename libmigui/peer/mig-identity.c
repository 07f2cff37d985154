/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define G_LOG_DOMAIN "migui"

#include "config.h"

#include <errno.h>
#include <locale.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "mig-empty-tls-database-private.h"
#include "mig-enums.h"
#include "mig-peer-client-private.h"
#include "mig-device-id-private.h"
#include "mig-certificate-private.h"
#include "mig-identity-private.h"
#include "mig-paths-private.h"

/*
 * MigIdentity: this device as its peers know it.  The device ID and the
 * identity certificate live in the config folder (`$XDG_CONFIG_HOME/migui`
 * unless a shell is given another one) and are made on first use: an ECDSA
 * P-256 key and a self-signed certificate, written with mode 0600.  The
 * SHA-256 fingerprint of the certificate is what identifies the device to
 * its peers; names and DNS-SD data are only hints.
 */

struct _MigIdentity
{
  GObject parent_instance;

  char *config_dir;
  char *device_id;
  char *name;
  GTlsCertificate *certificate;
  char *fingerprint;
  /* For requests that carry applications, and for the others: see
   * mig_identity_get_session(). */
  SoupSession *paired_session;
  SoupSession *open_session;
};

G_DEFINE_FINAL_TYPE (MigIdentity, mig_identity, G_TYPE_OBJECT)

static void
mig_identity_finalize (GObject *object)
{
  MigIdentity *self = MIG_IDENTITY (object);

  g_free (self->config_dir);
  g_free (self->device_id);
  g_free (self->name);
  g_clear_object (&self->certificate);
  g_free (self->fingerprint);
  g_clear_object (&self->paired_session);
  g_clear_object (&self->open_session);

  G_OBJECT_CLASS (mig_identity_parent_class)->finalize (object);
}

static void
mig_identity_class_init (MigIdentityClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mig_identity_finalize;
}

static void
mig_identity_init (MigIdentity *self)
{
}

char *
mig_certificate_fingerprint (GTlsCertificate *certificate)
{
  g_autoptr(GByteArray) der = NULL;

  g_return_val_if_fail (G_IS_TLS_CERTIFICATE (certificate), NULL);

  g_object_get (certificate, "certificate", &der, NULL);
  if (der == NULL)
    return NULL;
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, der->data, der->len);
}

static char *
load_name (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "shell.conf", NULL);
  g_autoptr(GKeyFile) conf = g_key_file_new ();
  char *name;

  if (g_key_file_load_from_file (conf, path, G_KEY_FILE_NONE, NULL) &&
      (name = g_key_file_get_string (conf, "shell", "name", NULL)) != NULL &&
      g_utf8_validate (name, -1, NULL) && *g_strstrip (name) != '\0')
    return name;
  return g_strdup (g_get_host_name ());
}

/* This device's name for the user (shell.conf's, else the host name),
 * without loading or making its identity. */
char *
mig_identity_dup_default_name (void)
{
  g_autofree char *dir = mig_default_config_dir ();

  return load_name (dir);
}

/**
 * mig_identity_load:
 * @config_dir: the config folder, made if missing
 * @error: return location for a `GError`
 *
 * Loads this device's identity, making the device ID and the identity
 * certificate on first use.  The name comes from `name` in group `[shell]`
 * of `shell.conf`, else the host name.
 */
MigIdentity *
mig_identity_load (const char  *config_dir,
                   GError     **error)
{
  g_autoptr(MigIdentity) self = NULL;
  g_autofree char *cert_path = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (config_dir != NULL, NULL);

  if (g_mkdir_with_parents (config_dir, 0700) != 0)
    {
      g_set_error (error, MIG_ERROR, MIG_ERROR_FAILED, _("Could not make the folder %s: %s"),
                   config_dir, g_strerror (errno));
      return NULL;
    }

  self = g_object_new (MIG_TYPE_IDENTITY, NULL);
  self->config_dir = g_strdup (config_dir);
  self->device_id = mig_device_id_load (config_dir, error);
  if (self->device_id == NULL)
    return NULL;
  self->name = load_name (config_dir);

  cert_path = g_build_filename (config_dir, "identity.pem", NULL);
  if (!g_file_test (cert_path, G_FILE_TEST_EXISTS))
    {
      g_autofree char *pem = mig_certificate_make_pem (self->device_id, error);

      if (pem == NULL || !mig_write_private_file (cert_path, pem, error))
        return NULL;
    }

  self->certificate = g_tls_certificate_new_from_file (cert_path, &local_error);
  if (self->certificate == NULL)
    {
      g_set_error (error, MIG_ERROR, MIG_ERROR_FAILED,
                   _("This device’s identity certificate %s cannot be used: %s"),
                   cert_path, local_error->message);
      return NULL;
    }
  self->fingerprint = mig_certificate_fingerprint (self->certificate);
  return g_steal_pointer (&self);
}

/* The identity in the default config folder, loaded once per process
 * unless the folder changes (tests move XDG_CONFIG_HOME). */
MigIdentity *
mig_identity_load_default (GError **error)
{
  static MigIdentity *cached;
  g_autofree char *dir = mig_default_config_dir ();

  if (cached == NULL || g_strcmp0 (cached->config_dir, dir) != 0)
    {
      MigIdentity *identity = mig_identity_load (dir, error);

      if (identity == NULL)
        return NULL;
      g_clear_object (&cached);
      cached = identity;
    }
  return g_object_ref (cached);
}

const char *
mig_identity_get_config_dir (MigIdentity *self)
{
  return self->config_dir;
}

const char *
mig_identity_get_device_id (MigIdentity *self)
{
  return self->device_id;
}

const char *
mig_identity_get_name (MigIdentity *self)
{
  return self->name;
}

GTlsCertificate *
mig_identity_get_certificate (MigIdentity *self)
{
  return self->certificate;
}

const char *
mig_identity_get_fingerprint (MigIdentity *self)
{
  return self->fingerprint;
}

/* What a device tells applications about itself (see
 * mig_shell_get_briefing()): the keys of the `[briefing]` group of
 * shell.conf in @config_dir, then the device, and the user, locale and
 * time zone unless the config gives them. */
GVariant *
mig_briefing_build (const char *config_dir,
                    const char *device_id,
                    const char *device_name)
{
  g_autoptr(GKeyFile) conf = g_key_file_new ();
  g_autofree char *conf_path = g_build_filename (config_dir, "shell.conf", NULL);
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_auto(GStrv) keys = NULL;
  GVariantBuilder builder;
  const char *locale = setlocale (LC_MESSAGES, NULL);

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{ss}"));
  if (g_key_file_load_from_file (conf, conf_path, G_KEY_FILE_NONE, NULL) &&
      (keys = g_key_file_get_keys (conf, "briefing", NULL, NULL)) != NULL)
    for (guint i = 0; keys[i] != NULL; i++)
      {
        g_autofree char *value = g_key_file_get_string (conf, "briefing", keys[i], NULL);

        /* The device's own ID and name are not the config's to change. */
        if (strcmp (keys[i], "device-id") == 0 || strcmp (keys[i], "device-name") == 0)
          continue;
        if (value != NULL && g_utf8_validate (value, -1, NULL))
          g_variant_builder_add (&builder, "{ss}", keys[i], value);
      }

  g_variant_builder_add (&builder, "{ss}", "device-id", device_id);
  g_variant_builder_add (&builder, "{ss}", "device-name", device_name);
  /* The config may say who uses the device, when the account does not. */
  if (!g_key_file_has_key (conf, "briefing", "real-name", NULL))
    g_variant_builder_add (&builder, "{ss}", "real-name", g_get_real_name ());
  if (!g_key_file_has_key (conf, "briefing", "user-name", NULL))
    g_variant_builder_add (&builder, "{ss}", "user-name", g_get_user_name ());
  if (!g_key_file_has_key (conf, "briefing", "locale", NULL))
    g_variant_builder_add (&builder, "{ss}", "locale",
                           locale != NULL && strcmp (locale, "C") != 0 ? locale : g_get_language_names ()[0]);
  if (!g_key_file_has_key (conf, "briefing", "time-zone", NULL))
    g_variant_builder_add (&builder, "{ss}", "time-zone", g_time_zone_get_identifier (tz));
  return g_variant_ref_sink (g_variant_builder_end (&builder));
}

/* The HTTPS session requests with this identity go through; one for
 * requests that carry applications (@paired) and one for the rest, so that
 * requests to a peer reuse its TLS connection, a connection made with one
 * device's certificate never carries a request of another, and a
 * connection opened to pair with an unknown device never carries an
 * application. */
SoupSession *
mig_identity_get_session (MigIdentity *self,
                          gboolean     paired)
{
  SoupSession **session = paired ? &self->paired_session : &self->open_session;

  if (*session == NULL)
    {
      mig_empty_tls_database_ensure_default ();
      /* Peers are on the local network: never through a proxy, and looking
       * for one (libproxy) cost more than the whole migration.  Their
       * certificates are checked against the paired devices, not CAs. */
      *session =
          soup_session_new_with_options ("timeout", MIG_PEER_CLIENT_TIMEOUT_SECONDS, "idle-timeout",
                                         MIG_PEER_CLIENT_IDLE_SECONDS, "proxy-resolver", NULL,
                                         "tls-database", NULL, "user-agent",
                                         "libmigui/" PACKAGE_VERSION " ", NULL);
    }
  return *session;
}
