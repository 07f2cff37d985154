/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * migui-bench-paint: when a window appears on an X display, seen from the
 * display server, so that any two ways of bringing an application to a
 * screen (a libmigui hop, an Xpra attach, a plain start) are timed alike.
 *
 *   migui-bench-paint watch TITLE [TIMEOUT]
 *     on $DISPLAY: prints "ready", then waits for a top-level window whose
 *     title contains TITLE to be mapped ("mapped T") and for the first
 *     moment its content is more than one colour ("painted T"): the first
 *     frame the user can see.  Damage events say when to look.
 *   migui-bench-paint run COMMAND...
 *     prints "start T" and runs COMMAND in its place.
 *
 * T is CLOCK_MONOTONIC in microseconds, the clock every network namespace
 * of the test bed shares.  No timing is asserted anywhere: the benchmarks
 * print what this reports.
 */

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <X11/Xlib.h>
#include <X11/Xatom.h>
#include <X11/Xutil.h>
#include <X11/extensions/Xdamage.h>

static long long
now_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (long long) ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static int
title_matches (Display *display, Window window, const char *wanted)
{
  Atom net_wm_name = XInternAtom (display, "_NET_WM_NAME", False);
  Atom utf8 = XInternAtom (display, "UTF8_STRING", False);
  Atom type;
  int format, found = 0;
  unsigned long n, after;
  unsigned char *value = NULL;
  char *name = NULL;

  if (XGetWindowProperty (display, window, net_wm_name, 0, 1024, False, utf8,
                          &type, &format, &n, &after, &value) == Success && value)
    {
      found = strstr ((char *) value, wanted) != NULL;
      XFree (value);
      if (found)
        return 1;
    }
  if (XFetchName (display, window, &name) && name)
    {
      found = strstr (name, wanted) != NULL;
      XFree (name);
    }
  return found;
}

/* Whether the window shows more than one colour: a mapped window that has
 * not drawn is its background (or black) all over. */
static int
window_painted (Display *display, Window window)
{
  XWindowAttributes attributes;
  XImage *image;
  unsigned long first;
  int x, y, painted = 0;

  if (!XGetWindowAttributes (display, window, &attributes) ||
      attributes.map_state != IsViewable)
    return 0;
  image = XGetImage (display, window, 0, 0, attributes.width, attributes.height,
                     AllPlanes, ZPixmap);
  if (!image)
    return 0;
  first = XGetPixel (image, 0, 0);
  for (y = 0; y < attributes.height && !painted; y += 2)
    for (x = 0; x < attributes.width; x += 2)
      if (XGetPixel (image, x, y) != first)
        {
          painted = 1;
          break;
        }
  XDestroyImage (image);
  return painted;
}

static int
ignore_errors (Display *display, XErrorEvent *event)
{
  /* Windows come and go while we look at them. */
  return 0;
}

static int
watch (const char *wanted, int timeout_s)
{
  Display *display = XOpenDisplay (NULL);
  int damage_event, damage_error;
  Window root, window = None;
  long long deadline, mapped = 0;

  if (!display)
    {
      fprintf (stderr, "migui-bench-paint: cannot open the display\n");
      return 1;
    }
  if (!XDamageQueryExtension (display, &damage_event, &damage_error))
    {
      fprintf (stderr, "migui-bench-paint: the display has no DAMAGE extension\n");
      return 1;
    }
  XSetErrorHandler (ignore_errors);
  root = DefaultRootWindow (display);
  XSelectInput (display, root, SubstructureNotifyMask);
  /* Damage on the root window reports drawing in every window on it. */
  XDamageCreate (display, root, XDamageReportNonEmpty);
  XSync (display, False);
  printf ("ready\n");
  fflush (stdout);

  deadline = now_us () + (long long) timeout_s * 1000000;
  while (now_us () < deadline)
    {
      struct pollfd fd = { ConnectionNumber (display), POLLIN, 0 };
      int look = 0;

      if (!XPending (display))
        poll (&fd, 1, 20);
      while (XPending (display))
        {
          XEvent event;

          XNextEvent (display, &event);
          if (event.type == MapNotify && window == None &&
              !event.xmap.override_redirect &&
              title_matches (display, event.xmap.window, wanted))
            {
              window = event.xmap.window;
              mapped = now_us ();
              printf ("mapped %lld\n", mapped);
              fflush (stdout);
              look = 1;
            }
          else if (event.type == damage_event + XDamageNotify)
            {
              XDamageSubtract (display, ((XDamageNotifyEvent *) &event)->damage, None, None);
              look = 1;
            }
        }
      /* Also look now and then: a frame drawn before the map was seen
       * raised no damage we could wait for. */
      if (window != None && (look || now_us () - mapped > 20000) &&
          window_painted (display, window))
        {
          printf ("painted %lld\n", now_us ());
          XCloseDisplay (display);
          return 0;
        }
    }
  fprintf (stderr, "migui-bench-paint: no window titled “%s” %s within %d s\n", wanted,
           window == None ? "was mapped" : "was painted", timeout_s);
  XCloseDisplay (display);
  return 1;
}

int
main (int argc, char **argv)
{
  if (argc >= 3 && strcmp (argv[1], "watch") == 0)
    return watch (argv[2], argc > 3 ? atoi (argv[3]) : 30);
  if (argc >= 3 && strcmp (argv[1], "run") == 0)
    {
      printf ("start %lld\n", now_us ());
      fflush (stdout);
      execvp (argv[2], argv + 2);
      fprintf (stderr, "migui-bench-paint: %s: %s\n", argv[2], strerror (errno));
      return 127;
    }
  fprintf (stderr, "usage: migui-bench-paint watch TITLE [TIMEOUT] | run COMMAND...\n");
  return 2;
}
