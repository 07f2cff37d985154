/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

/* The one definition of libmigui's session-bus names and paths; the
 * interfaces themselves are data/dbus/org.migui.*.xml, from which
 * mig-dbus-generated.h is made. */
#define MIG_SHELL_BUS_NAME          "org.migui.Shell"
#define MIG_SHELL_OBJECT_PATH       "/org/migui/Shell"
#define MIG_SHELL_INTERFACE         "org.migui.Shell1"
#define MIG_APPLICATION_INTERFACE   "org.migui.Application1"

#include <gio/gio.h>

/* The arguments of org.migui.Shell1.PairingRequested, for the programs
 * that listen to it (the device picker, the command line tool); borrowed
 * from @parameters.  FALSE, and nothing set, for other arguments. */
typedef struct
{
  const char *pairing_id;
  const char *device_name;
  const char *code;
  gboolean    outgoing;
  gboolean    identity_changed;
} MigPairingRequested;

static inline gboolean
mig_pairing_requested_unpack (GVariant            *parameters,
                              MigPairingRequested *out)
{
  if (!g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(sssbb)")))
    return FALSE;
  g_variant_get (parameters, "(&s&s&sbb)", &out->pairing_id, &out->device_name, &out->code,
                 &out->outgoing, &out->identity_changed);
  return TRUE;
}
