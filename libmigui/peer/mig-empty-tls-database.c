/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define G_LOG_DOMAIN "migui"

#include "config.h"

#include <gnutls/x509.h>

#include "mig-empty-tls-database-private.h"

/*
 * MigEmptyTlsDatabase: a TLS database that trusts no certificate authority.
 *
 * libmigui trusts pinned certificates only (the paired devices'
 * fingerprints, checked in "accept-certificate"), never CAs, so it does
 * not need the system's trust store.  But every TLS client connection that
 * libsoup makes loads the process's default database while it is built,
 * before libsoup can give it another one; on a machine without CA
 * certificates glib-networking then warns, for every connection, that the
 * system trust contains zero certificates.  On such a machine alone, the
 * process's default database becomes this one: it verifies nothing, as no
 * database would, so nothing changes for the application's own
 * connections but the warning.
 */

struct _MigEmptyTlsDatabase
{
  GTlsDatabase parent_instance;
};

G_DEFINE_FINAL_TYPE (MigEmptyTlsDatabase, mig_empty_tls_database, G_TYPE_TLS_DATABASE)

static GTlsCertificateFlags
mig_empty_tls_database_verify_chain (GTlsDatabase             *database,
                                     GTlsCertificate          *chain,
                                     const char               *purpose,
                                     GSocketConnectable       *identity,
                                     GTlsInteraction          *interaction,
                                     GTlsDatabaseVerifyFlags   flags,
                                     GCancellable             *cancellable,
                                     GError                  **error)
{
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return G_TLS_CERTIFICATE_GENERIC_ERROR;
  return G_TLS_CERTIFICATE_UNKNOWN_CA;
}

static GTlsCertificate *
mig_empty_tls_database_lookup_certificate_issuer (GTlsDatabase             *database,
                                                  GTlsCertificate          *certificate,
                                                  GTlsInteraction          *interaction,
                                                  GTlsDatabaseLookupFlags   flags,
                                                  GCancellable             *cancellable,
                                                  GError                  **error)
{
  g_cancellable_set_error_if_cancelled (cancellable, error);
  return NULL;
}

static GList *
mig_empty_tls_database_lookup_certificates_issued_by (GTlsDatabase             *database,
                                                      GByteArray               *issuer_raw_dn,
                                                      GTlsInteraction          *interaction,
                                                      GTlsDatabaseLookupFlags   flags,
                                                      GCancellable             *cancellable,
                                                      GError                  **error)
{
  g_cancellable_set_error_if_cancelled (cancellable, error);
  return NULL;
}

static void
mig_empty_tls_database_class_init (MigEmptyTlsDatabaseClass *klass)
{
  GTlsDatabaseClass *database_class = G_TLS_DATABASE_CLASS (klass);

  database_class->verify_chain = mig_empty_tls_database_verify_chain;
  database_class->lookup_certificate_issuer = mig_empty_tls_database_lookup_certificate_issuer;
  database_class->lookup_certificates_issued_by = mig_empty_tls_database_lookup_certificates_issued_by;
}

static void
mig_empty_tls_database_init (MigEmptyTlsDatabase *self)
{
}

/* Called before this process makes its first TLS connection: if the system
 * trust store holds no certificate (GnuTLS's own count, which is what
 * glib-networking loads), this empty database becomes the default. */
void
mig_empty_tls_database_ensure_default (void)
{
  static gsize checked = 0;

  if (g_once_init_enter (&checked))
    {
      gnutls_x509_trust_list_t list;
      int n = 0;

      if (gnutls_x509_trust_list_init (&list, 0) == GNUTLS_E_SUCCESS)
        {
          n = gnutls_x509_trust_list_add_system_trust (list, 0, 0);
          gnutls_x509_trust_list_deinit (list, 1);
        }
      if (n <= 0)
        {
          g_autoptr(GTlsDatabase) empty = g_object_new (MIG_TYPE_EMPTY_TLS_DATABASE, NULL);

          g_debug ("The system trust store is empty: this process's TLS connections use an empty database");
          g_tls_backend_set_default_database (g_tls_backend_get_default (), empty);
        }
      g_once_init_leave (&checked, 1);
    }
}
