/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define G_LOG_DOMAIN "migui-shell"

#include "config.h"

#include <avahi-client/client.h>
#include <avahi-client/publish.h>
#include <avahi-common/alternative.h>
#include <avahi-common/error.h>
#include <avahi-common/malloc.h>
#include <avahi-glib/glib-malloc.h>
#include <avahi-glib/glib-watch.h>
#include <glib/gi18n-lib.h>

#include "mig-shell-private.h"

/* Announces the shell as `_migui._tcp` over DNS-SD with the TXT keys of the
 * protocol: v, id, name, ff, w, h, fp.  A missing avahi-daemon is warned
 * about once; the shell keeps serving and is announced as soon as the
 * daemon appears. */

typedef struct
{
  MigShell *shell;
  AvahiGLibPoll *poll;
  AvahiClient *client;
  AvahiEntryGroup *group;
  char *service_name;
  gboolean warned;
} Publisher;

static void create_service (Publisher *publisher);

static void
group_cb (AvahiEntryGroup      *group,
          AvahiEntryGroupState  state,
          void                 *user_data)
{
  Publisher *publisher = user_data;

  if (state == AVAHI_ENTRY_GROUP_COLLISION)
    {
      char *alternative = avahi_alternative_service_name (publisher->service_name);

      g_message ("The name “%s” is taken on this network; announcing this device as “%s”",
                 publisher->service_name, alternative);
      g_free (publisher->service_name);
      publisher->service_name = g_strdup (alternative);
      avahi_free (alternative);
      avahi_entry_group_reset (group);
      create_service (publisher);
    }
  else if (state == AVAHI_ENTRY_GROUP_ESTABLISHED)
    g_debug ("Announced as “%s” on port %u", publisher->service_name, mig_shell_get_port (publisher->shell));
  else if (state == AVAHI_ENTRY_GROUP_FAILURE)
    g_warning ("Could not announce this device: %s",
               avahi_strerror (avahi_client_errno (avahi_entry_group_get_client (group))));
}

static void
create_service (Publisher *publisher)
{
  MigShell *shell = publisher->shell;
  MigDeviceProfile *profile = shell->profile;
  g_autofree char *id = g_strdup_printf ("id=%s", mig_shell_get_device_id (shell));
  g_autofree char *name = g_strdup_printf ("name=%s", mig_shell_get_name (shell));
  g_autofree char *ff = g_strdup_printf ("ff=%s", mig_form_factor_to_string (
    profile != NULL ? mig_device_profile_get_form_factor (profile) : MIG_FORM_FACTOR_DESKTOP));
  g_autofree char *w = g_strdup_printf ("w=%d", profile != NULL ? mig_device_profile_get_width (profile) : 0);
  g_autofree char *h = g_strdup_printf ("h=%d", profile != NULL ? mig_device_profile_get_height (profile) : 0);
  g_autofree char *fp = g_strdup_printf ("fp=%s", mig_shell_get_fingerprint (shell));
  int ret;

  if (publisher->group == NULL)
    publisher->group = avahi_entry_group_new (publisher->client, group_cb, publisher);
  if (publisher->group == NULL)
    {
      g_warning ("Could not announce this device: %s", avahi_strerror (avahi_client_errno (publisher->client)));
      return;
    }

  ret = avahi_entry_group_add_service (publisher->group, AVAHI_IF_UNSPEC, AVAHI_PROTO_UNSPEC, 0,
                                       publisher->service_name, "_migui._tcp", NULL, NULL,
                                       mig_shell_get_port (shell), "v=1", id, name, ff, w, h, fp, NULL);
  if (ret == AVAHI_ERR_COLLISION)
    {
      group_cb (publisher->group, AVAHI_ENTRY_GROUP_COLLISION, publisher);
      return;
    }
  if (ret < 0 || (ret = avahi_entry_group_commit (publisher->group)) < 0)
    g_warning ("Could not announce this device: %s", avahi_strerror (ret));
}

static void
client_cb (AvahiClient      *client,
           AvahiClientState  state,
           void             *user_data)
{
  Publisher *publisher = user_data;

  publisher->client = client;
  switch (state)
    {
    case AVAHI_CLIENT_S_RUNNING:
      publisher->warned = FALSE;
      create_service (publisher);
      break;
    case AVAHI_CLIENT_S_COLLISION:
    case AVAHI_CLIENT_S_REGISTERING:
      if (publisher->group != NULL)
        avahi_entry_group_reset (publisher->group);
      break;
    case AVAHI_CLIENT_CONNECTING:
      if (!publisher->warned)
        g_warning ("avahi-daemon is not running: other devices will not find this one by themselves "
                   "(they can still name it in MIGUI_PEERS)");
      publisher->warned = TRUE;
      /* The group belonged to the daemon that went away. */
      publisher->group = NULL;
      break;
    case AVAHI_CLIENT_FAILURE:
      g_warning ("Lost avahi-daemon: %s", avahi_strerror (avahi_client_errno (client)));
      publisher->group = NULL;
      break;
    default:
      break;
    }
}

gpointer
mig_shell_publisher_new (MigShell *shell)
{
  Publisher *publisher = g_new0 (Publisher, 1);
  int error = 0;

  avahi_set_allocator (avahi_glib_allocator ());
  publisher->shell = shell;
  publisher->service_name = g_strdup (mig_shell_get_name (shell));
  publisher->poll = avahi_glib_poll_new (NULL, G_PRIORITY_DEFAULT);
  publisher->client = avahi_client_new (avahi_glib_poll_get (publisher->poll), AVAHI_CLIENT_NO_FAIL,
                                        client_cb, publisher, &error);
  if (publisher->client == NULL)
    g_warning ("avahi-daemon cannot be reached (%s): other devices will not find this one by themselves "
               "(they can still name it in MIGUI_PEERS)", avahi_strerror (error));
  return publisher;
}

void
mig_shell_publisher_free (gpointer data)
{
  Publisher *publisher = data;

  if (publisher->client != NULL)
    avahi_client_free (publisher->client);
  avahi_glib_poll_free (publisher->poll);
  g_free (publisher->service_name);
  g_free (publisher);
}

/**
 * mig_shell_publish:
 * @self: a `MigShell` that listens
 *
 * Announces the shell on the local network over DNS-SD (`_migui._tcp`),
 * through avahi-daemon.  Without avahi-daemon this warns once and the
 * device is announced when the daemon starts.
 */
void
mig_shell_publish (MigShell *self)
{
  g_return_if_fail (MIG_IS_SHELL (self));
  g_return_if_fail (mig_shell_get_port (self) != 0);

  if (self->publisher == NULL)
    self->publisher = mig_shell_publisher_new (self);
}
